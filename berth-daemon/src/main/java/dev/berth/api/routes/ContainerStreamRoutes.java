package dev.berth.api.routes;

import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.api.stream.JsonLines;
import dev.berth.api.stream.LogFrames;
import dev.berth.api.stream.HijackedStdio;
import dev.berth.api.stream.StdStreamWriter;
import dev.berth.engine.container.AttachOptions;
import dev.berth.engine.container.ContainerService;
import dev.berth.engine.container.WaitCondition;
import dev.berth.engine.logs.LogQuery;
import java.io.IOException;
import java.io.OutputStream;

/** The streaming container endpoints: {@code attach} (hijacked), {@code logs}, {@code wait}. */
public final class ContainerStreamRoutes implements Routes {
  private final ContainerService containers;

  public ContainerStreamRoutes(ContainerService containers) {
    this.containers = containers;
  }

  @Override
  public void register(Router r) {
    r.post("/containers/{id}/wait", (req, res) -> {
      var waiting = containers.await(req.path("id"), WaitCondition.parse(req.query("condition").orElse("")));
      // headers go out now: the CLI posts wait before start and blocks until they arrive
      try (var out = res.stream("application/json")) {
        new JsonLines(out).write(waiting.join());
      } catch (IOException gone) {
        // the client stopped waiting
      }
    });
    r.get("/containers/{id}/logs", (req, res) -> {
      var query = new LogQuery(req.bool("stdout", false), req.bool("stderr", false), req.bool("follow", false),
          LogQuery.parseTail(req.query("tail").orElse("")), LogQuery.parseTime(req.query("since").orElse(""), "since"),
          LogQuery.parseTime(req.query("until").orElse(""), "until"), req.bool("timestamps", false));
      var logs = containers.logs(req.path("id"), query);
      try (OutputStream out = res.stream(StdStreamWriter.contentType(logs.tty(), ApiVersion.atLeast(req.apiVersion(), "1.42")))) {
        logs.writeTo(new LogFrames(new StdStreamWriter(out, !logs.tty()), query.timestamps(),
            req.bool("details", false) ? logs.details() : null));
      } catch (IOException gone) {
        // the client went away
      }
    });
    r.post("/containers/{id}/attach", (req, res) -> {
      var options = new AttachOptions(req.bool("stdin", false), req.bool("stdout", false), req.bool("stderr", false),
          req.bool("logs", false), req.bool("stream", false), AttachOptions.detachKeys(req.query("detachKeys").orElse("")));
      var attachment = containers.attach(req.path("id"), options);
      HijackedStdio.serve(res, attachment.tty(), ApiVersion.atLeast(req.apiVersion(), "1.42"), attachment::run);
    });
  }
}
