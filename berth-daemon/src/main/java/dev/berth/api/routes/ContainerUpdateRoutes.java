package dev.berth.api.routes;

import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.engine.container.ContainerService;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.HostConfig;
import dev.berth.model.Json;
import java.util.Map;

/**
 * {@code POST /containers/{id}/update}: the restart policy (resource limits are the exec/resources
 * work of issue 3 and are accepted without effect until then). Answers dockerd's {@code {"Warnings":[]}}.
 */
public final class ContainerUpdateRoutes implements Routes {
  private final ContainerService containers;

  public ContainerUpdateRoutes(ContainerService containers) {
    this.containers = containers;
  }

  @Override
  public void register(Router r) {
    r.post("/containers/{id}/update", (req, res) -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> body = req.json(Map.class);
      HostConfig.RestartPolicy policy = null;
      if (body != null && body.get("RestartPolicy") != null) {
        try {
          policy = Json.mapper().convertValue(body.get("RestartPolicy"), HostConfig.RestartPolicy.class);
        } catch (IllegalArgumentException e) {
          throw new InvalidArgument("invalid RestartPolicy: " + e.getMessage());
        }
      }
      res.ok(Map.of("Warnings", containers.updateRestartPolicy(req.path("id"), policy)));
    });
  }
}
