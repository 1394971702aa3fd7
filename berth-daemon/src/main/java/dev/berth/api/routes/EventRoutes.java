package dev.berth.api.routes;

import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.api.stream.JsonLines;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.events.EventFilter;
import dev.berth.engine.logs.LogQuery;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** {@code GET /events}: recorded events between since and until, then live ones, one JSON object per line. */
public final class EventRoutes implements Routes {
  private static final Duration IDLE_CHECK = Duration.ofSeconds(1);

  private final EventBus events;
  private final Clock clock;

  public EventRoutes(EventBus events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void register(Router r) {
    r.get("/events", (req, res) -> {
      var sinceRaw = req.query("since").orElse("");
      var untilRaw = req.query("until").orElse("");
      Instant since = LogQuery.parseTime(sinceRaw, "since");
      Instant until = LogQuery.parseTime(untilRaw, "until");
      if (until != null && since != null && until.isBefore(since)) {
        throw new InvalidArgument("`since` time (" + sinceRaw + ") cannot be after `until` time (" + untilRaw + ")");
      }
      var filter = EventFilter.of(req.filters());
      try (var sub = events.subscribe(filter, since, until); var out = res.stream("application/json")) {
        var lines = new JsonLines(out);
        for (var e : sub.replay()) lines.write(e);
        while (until == null || clock.instant().isBefore(until)) {
          var wait = until == null ? IDLE_CHECK : Duration.between(clock.instant(), until);
          var e = sub.queue().poll(Math.max(1, Math.min(wait.toMillis(), IDLE_CHECK.toMillis())), TimeUnit.MILLISECONDS);
          if (e != null) lines.write(e);
        }
      } catch (IOException gone) {
        // the client went away
      }
    });
  }
}
