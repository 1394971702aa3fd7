package dev.berth.engine.image;

import dev.berth.engine.error.InvalidArgument;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/** dockerd's {@code timetypes.GetTimestamp} for {@code until} filters: unix seconds, RFC 3339, dates, Go durations. */
public final class Timestamps {
  private static final Pattern UNIX = Pattern.compile("^-?\\d+(\\.\\d{1,9})?$");
  private static final Pattern DURATION = Pattern.compile("^(\\d+(?:\\.\\d+)?(?:ns|us|µs|ms|s|m|h))+$");
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private Timestamps() {}

  /** Go's {@code time.ParseDuration} for non-negative values ("1m30s", "1.5h", "250ms"); null when {@code value} is not one. */
  public static Duration goDuration(String value) {
    if (!DURATION.matcher(value).matches()) {
      return null;
    }
    var m = PART.matcher(value);
    double nanos = 0;
    while (m.find()) {
      double n = Double.parseDouble(m.group(1));
      nanos += n * switch (m.group(2)) {
        case "ns" -> 1;
        case "us", "µs" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
    }
    return Duration.ofNanos((long) nanos);
  }

  static Instant parse(String value, Instant now) {
    if (UNIX.matcher(value).matches()) {
      var parts = value.split("\\.");
      long nanos = parts.length > 1 ? Long.parseLong((parts[1] + "000000000").substring(0, 9)) : 0;
      return Instant.ofEpochSecond(Long.parseLong(parts[0]), nanos);
    }
    var duration = goDuration(value);
    if (duration != null) {
      return now.minus(duration);
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (RuntimeException ignored) {
      // try the other layouts
    }
    try {
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    } catch (RuntimeException ignored) {
      // try a date
    }
    try {
      return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      throw new InvalidArgument("failed to parse value as time or duration: \"" + value + "\"");
    }
  }
}
