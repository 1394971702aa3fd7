package dev.berth.engine.events;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.logs.LogQuery;
import java.time.Instant;

/**
 * The {@code since}/{@code until} of an events request (timestamps, durations or RFC 3339, as for
 * logs); either may be null.
 */
public record EventWindow(Instant since, Instant until) {

  /** Parses both bounds; refuses {@code until} before {@code since} with moby's text. */
  public static EventWindow parse(String since, String until) {
    Instant from = LogQuery.parseTime(since, "since");
    Instant to = LogQuery.parseTime(until, "until");
    if (from != null && to != null && to.isBefore(from)) {
      throw new InvalidArgument("`since` time (" + since + ") cannot be after `until` time (" + until + ")");
    }
    return new EventWindow(from, to);
  }
}
