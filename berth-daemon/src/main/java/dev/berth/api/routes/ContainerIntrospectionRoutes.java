package dev.berth.api.routes;

import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.engine.container.ContainerService;
import dev.berth.engine.exec.ContainerProbe;

/** Process control and introspection of one container: pause, unpause, top, changes. */
public final class ContainerIntrospectionRoutes implements Routes {
  private final ContainerService containers;
  private final ContainerProbe probe;

  public ContainerIntrospectionRoutes(ContainerService containers, ContainerProbe probe) {
    this.containers = containers;
    this.probe = probe;
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
    r.get("/containers/{id}/top", (req, res) -> res.ok(probe.top(req.path("id"), req.query("ps_args").orElse(""))));
    r.get("/containers/{id}/changes", (req, res) -> res.ok(probe.changes(req.path("id"))));
  }
}
