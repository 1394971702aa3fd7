package dev.berth.engine.container;

import dev.berth.model.Rfc3339;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.Filters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** {@code POST /containers/prune} filters: {@code until} and {@code label} / {@code label!}. */
final class PruneFilter {
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|m|s|ms)");

  private PruneFilter() {}

  static Predicate<ContainerRecord> of(Filters filters, Clock clock) {
    filters.accept(List.of("until", "label", "label!"));
    Instant until = null;
    for (var v : filters.get("until")) until = parseUntil(v, clock);
    var cutoff = until;
    var excluded = new Filters(filters.has("label!") ? Map.of("label", filters.get("label!")) : Map.of());
    return r -> {
      if (cutoff != null && !Rfc3339.parseSet(r.created()).isBefore(cutoff)) return false;
      if (!filters.matchesLabels(r.config().labels())) return false;
      if (!excluded.values().isEmpty()) {
        for (var want : excluded.get("label")) {
          if (new Filters(Map.of("label", java.util.Set.of(want))).matchesLabels(r.config().labels())) return false;
        }
      }
      return true;
    };
  }

  /** moby {@code timetypes.GetTimestamp}: a Go duration ago, unix seconds[.nanos], or an RFC3339 date. */
  static Instant parseUntil(String v, Clock clock) {
    var m = GO_DURATION.matcher(v);
    if (!v.isEmpty() && m.results().map(r -> r.group()).reduce("", String::concat).equals(v)) {
      var d = Duration.ZERO;
      var parts = GO_DURATION.matcher(v);
      while (parts.find()) {
        double n = Double.parseDouble(parts.group(1));
        long nanos = switch (parts.group(2)) {
          case "h" -> (long) (n * 3.6e12);
          case "m" -> (long) (n * 6e10);
          case "s" -> (long) (n * 1e9);
          default -> (long) (n * 1e6);
        };
        d = d.plusNanos(nanos);
      }
      return clock.instant().minus(d);
    }
    try {
      var t = dev.berth.engine.logs.LogQuery.parseTime(v, "until");
      if (t != null) return t;
    } catch (InvalidArgument e) {
      // not a unix time; try a date
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (RuntimeException e) {
      try {
        return java.time.LocalDate.parse(v).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
      } catch (RuntimeException e2) {
        throw new InvalidArgument("failed to parse value as time or duration: \"" + v + "\"");
      }
    }
  }
}
