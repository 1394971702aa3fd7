package dev.berth.api.routes;

import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.api.stream.JsonLines;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.events.EventFilter;
import dev.berth.engine.events.EventWindow;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** {@code GET /events}: recorded events between since and until, then live ones, one JSON object per line. */
public final class EventRoutes implements Routes {
  private static final Duration IDLE_CHECK = Duration.ofSeconds(1);
  private static final System.Logger LOG = System.getLogger(EventRoutes.class.getName());

  private final EventBus events;
  private final Clock clock;

  public EventRoutes(EventBus events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void register(Router r) {
    r.get("/events", (req, res) -> {
      var window = EventWindow.parse(req.query("since").orElse(""), req.query("until").orElse(""));
      Instant until = window.until();
      var sub = events.subscribe(EventFilter.of(req.filters()), window.since(), until);
      var reader = Thread.currentThread();
      sub.onCutOff(reader::interrupt); // wakes a write blocked on the stalled client, or the poll
      try (sub) {
        var out = res.stream("application/json");
        try {
          var lines = new JsonLines(out);
          for (var e : sub.replay()) lines.write(e);
          while (sub.cutOff() == null && (until == null || clock.instant().isBefore(until))) {
            var wait = until == null ? IDLE_CHECK : Duration.between(clock.instant(), until);
            var e = sub.queue().poll(Math.max(1, Math.min(wait.toMillis(), IDLE_CHECK.toMillis())), TimeUnit.MILLISECONDS);
            if (e != null) lines.write(e);
          }
        } catch (InterruptedException | IOException stopped) {
          // cut off, or the client went away
        } finally {
          // interrupted, closing drops the connection instead of waiting on a client that does not read
          if (sub.cutOff() != null) reader.interrupt();
          try {
            out.close();
          } catch (IOException gone) {
            // dropped
          }
          if (sub.cutOff() != null) {
            Thread.interrupted();
            LOG.log(System.Logger.Level.WARNING, "closed the stream of a slow /events reader: it " + sub.cutOff());
          }
        }
      }
    });
  }
}
