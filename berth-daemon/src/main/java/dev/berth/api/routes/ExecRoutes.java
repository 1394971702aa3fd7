package dev.berth.api.routes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.api.stream.HijackedStdio;
import dev.berth.engine.exec.ExecConfig;
import dev.berth.engine.exec.ExecService;
import java.util.Map;

/** {@code docker exec}: create, start (hijacked or detached), inspect, resize. */
public final class ExecRoutes implements Routes {
  private final ExecService execs;

  public ExecRoutes(ExecService execs) {
    this.execs = execs;
  }

  /** The body of {@code POST /exec/{id}/start}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record StartBody(@JsonProperty("Detach") boolean detach, @JsonProperty("Tty") boolean tty) {}

  @Override
  public void register(Router r) {
    r.post("/containers/{id}/exec", (req, res) -> {
      var config = req.json(ExecConfig.class);
      res.created(Map.of("Id", execs.create(req.path("id"), config == null ? emptyConfig() : config)));
    });
    r.post("/exec/{id}/start", (req, res) -> {
      var body = req.json(StartBody.class);
      if (body != null && body.detach()) {
        execs.startDetached(req.path("id"));
        res.empty();
        return;
      }
      var start = execs.start(req.path("id"));
      HijackedStdio.serve(res, start.tty(), ApiVersion.atLeast(req.apiVersion(), "1.42"), start::run);
    });
    r.get("/exec/{id}/json", (req, res) -> res.ok(execs.inspect(req.path("id"))));
    r.post("/exec/{id}/resize", (req, res) -> {
      execs.resize(req.path("id"), (int) req.integer("h", 0), (int) req.integer("w", 0));
      res.empty();
    });
  }

  private static ExecConfig emptyConfig() {
    return new ExecConfig(false, false, false, null, false, null, null, null, false, null, null);
  }
}
