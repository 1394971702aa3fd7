package dev.berth.api.routes;

import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.api.stream.JsonLines;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.events.EventFilter;
import dev.berth.engine.events.EventWindow;
import java.io.IOException;

/** {@code GET /events}: recorded events between since and until, then live ones, one JSON object per line. */
public final class EventRoutes implements Routes {
  private static final System.Logger LOG = System.getLogger(EventRoutes.class.getName());

  private final EventBus events;

  public EventRoutes(EventBus events) {
    this.events = events;
  }

  @Override
  public void register(Router r) {
    r.get("/events", (req, res) -> {
      var window = EventWindow.parse(req.query("since").orElse(""), req.query("until").orElse(""));
      var sub = events.subscribe(EventFilter.of(req.filters()), window.since(), window.until());
      var reader = Thread.currentThread();
      sub.onCutOff(reader::interrupt); // wakes a write blocked on the stalled client, or the poll
      try (sub) {
        var out = res.stream("application/json");
        try {
          var lines = new JsonLines(out);
          sub.forward(lines::write, window.until());
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
