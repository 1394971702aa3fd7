package dev.berth.engine.network;

import dev.berth.engine.error.InvalidArgument;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** RFC 3339 with nanoseconds as Go prints it (trailing zeros dropped), and the {@code until} filter. */
final class Timestamps {
  private Timestamps() {}

  static String now() {
    var text = Instant.now().toString();
    return text.contains(".") ? text.replaceAll("0+Z$", "Z").replace(".Z", "Z") : text;
  }

  /** True when {@code created} is before every {@code until} (unix seconds, RFC 3339, or a Go duration like 24h). */
  static boolean before(String created, Set<String> until) {
    var at = Instant.parse(created);
    for (var u : until) {
      if (!at.isBefore(parseUntil(u))) {
        return false;
      }
    }
    return true;
  }

  private static Instant parseUntil(String u) {
    try {
      if (u.matches("\\d+(\\.\\d+)?")) {
        return Instant.ofEpochMilli((long) (Double.parseDouble(u) * 1000));
      }
      if (u.matches("\\d+[smh]")) {
        long n = Long.parseLong(u.substring(0, u.length() - 1));
        var unit = switch (u.charAt(u.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
        return Instant.now().minus(unit);
      }
      return OffsetDateTime.parse(u).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new InvalidArgument("invalid filter 'until=" + u + "'");
    }
  }
}
