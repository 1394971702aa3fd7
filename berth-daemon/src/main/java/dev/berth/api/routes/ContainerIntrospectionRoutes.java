package dev.berth.api.routes;

import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.engine.container.ContainerService;

/** Process control and introspection of one container: pause, unpause. */
public final class ContainerIntrospectionRoutes implements Routes {
  private final ContainerService containers;

  public ContainerIntrospectionRoutes(ContainerService containers) {
    this.containers = containers;
  }

  @Override
  public void register(Router r) {
    r.post("/containers/{id}/pause", (req, res) -> {
      containers.pause(req.path("id"));
      res.noContent();
    });
    r.post("/containers/{id}/unpause", (req, res) -> {
      containers.unpause(req.path("id"));
      res.noContent();
    });
  }
}
