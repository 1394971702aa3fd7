package dev.berth.engine.logs;

import dev.berth.engine.error.InvalidArgument;
import java.time.Instant;

/**
 * What {@code GET /containers/{id}/logs} asks for.
 *
 * @param tail how many of the last messages (both streams counted), or -1 for all
 * @param since only messages at or after this time, or null
 * @param until only messages before this time, or null
 */
public record LogQuery(boolean stdout, boolean stderr, boolean follow, int tail, Instant since, Instant until, boolean timestamps) {
  public LogQuery {
    if (!stdout && !stderr) {
      // moby api/server/router/container/container_routes.go getContainersLogs
      throw new InvalidArgument("Bad parameters: you must choose at least one stream");
    }
  }

  /** Everything, as {@code attach?logs=1} replays it. */
  public static LogQuery all(boolean stdout, boolean stderr) {
    return new LogQuery(stdout, stderr, false, -1, null, null, false);
  }

  boolean wants(int stream) {
    return stream == 1 ? stdout : stderr;
  }

  boolean inWindow(Instant t) {
    return (since == null || !t.isBefore(since)) && (until == null || !t.isAfter(until));
  }

  /** moby's {@code tail} parameter: a number, or "all"/empty/negative for everything. */
  public static int parseTail(String raw) {
    if (raw == null || raw.isEmpty() || raw.equals("all")) return -1;
    try {
      int n = Integer.parseInt(raw.strip());
      return n < 0 ? -1 : n;
    } catch (NumberFormatException e) {
      return -1; // moby falls back to "all" for a tail it cannot parse
    }
  }

  /**
   * A {@code since}/{@code until} value: unix seconds with an optional {@code .nanos} part (moby
   * {@code timetypes.ParseTimestamps}); empty or "0" means unset.
   */
  public static Instant parseTime(String raw, String name) {
    if (raw == null || raw.isEmpty()) return null;
    try {
      var dot = raw.indexOf('.');
      long seconds = Long.parseLong(dot < 0 ? raw : raw.substring(0, dot));
      long nanos = 0;
      if (dot >= 0) {
        var frac = raw.substring(dot + 1);
        if (frac.length() > 9) frac = frac.substring(0, 9);
        nanos = frac.isEmpty() ? 0 : Long.parseLong(frac) * (long) Math.pow(10, 9 - frac.length());
      }
      if (seconds == 0 && nanos == 0) return null;
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (NumberFormatException e) {
      throw new InvalidArgument("invalid value for \"" + name + "\": failed to parse value as time or duration: \"" + raw + "\"");
    }
  }
}
