package dev.berth.api.routes;

import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.api.stream.JsonLines;
import dev.berth.engine.container.ContainerService;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.stats.StatsService;
import dev.berth.model.HostConfig;
import dev.berth.model.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /containers/{id}/update} (resources and restart policy; answers
 * {@code {"Warnings":…}}) and {@code GET /containers/{id}/stats} (newline-delimited JSON, one
 * sample a second while streaming).
 */
public final class ContainerUpdateRoutes implements Routes {
  private final ContainerService containers;
  private final StatsService stats;

  public ContainerUpdateRoutes(ContainerService containers, StatsService stats) {
    this.containers = containers;
    this.stats = stats;
  }

  @Override
  public void register(Router r) {
    r.post("/containers/{id}/update", (req, res) -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> body = req.json(Map.class);
      HostConfig request = null;
      if (body != null) {
        // KernelMemory was removed in API 1.42; dockerd ignores it (moby postContainerUpdate)
        var fields = new HashMap<>(body);
        fields.remove("KernelMemory");
        try {
          request = Json.mapper().convertValue(fields, HostConfig.class);
        } catch (IllegalArgumentException e) {
          throw new InvalidArgument("invalid update config: " + e.getMessage());
        }
      }
      var warnings = new HashMap<String, Object>();
      warnings.put("Warnings", containers.update(req.path("id"), request));
      res.ok(warnings);
    });
    r.get("/containers/{id}/stats", (req, res) -> {
      var options = StatsService.Options.of(req.bool("stream", true), req.bool("one-shot", false));
      var frames = stats.open(req.path("id"), options);
      try (var out = res.stream("application/json")) {
        var lines = new JsonLines(out);
        frames.writeTo(lines::write);
      } catch (IOException gone) {
        // the client went away
      }
    });
  }
}
