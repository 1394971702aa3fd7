package dev.berth.api.routes;

import dev.berth.api.server.Request;
import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.engine.container.ContainerCreate;
import dev.berth.engine.container.ContainerService;
import dev.berth.engine.container.ListOptions;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.ContainerConfig;
import dev.berth.model.HostConfig;
import dev.berth.model.Json;
import java.util.Map;

/** {@code /containers}: create, list, inspect, start, stop, kill, restart, rename, resize, remove, prune. */
public final class ContainerRoutes implements Routes {
  private final ContainerService containers;

  public ContainerRoutes(ContainerService containers) {
    this.containers = containers;
  }

  @Override
  public void register(Router r) {
    r.post("/containers/create", (req, res) -> res.created(containers.create(createRequest(req))));
    r.get("/containers/json", (req, res) -> res.ok(containers.list(new ListOptions(req.bool("all", false),
        (int) req.integer("limit", -1), req.bool("size", false), req.filters()))));
    r.get("/containers/{id}/json", (req, res) -> res.ok(containers.inspect(req.path("id"), req.bool("size", false))));
    r.post("/containers/{id}/start", (req, res) -> {
      containers.start(req.path("id"));
      res.noContent();
    });
    r.post("/containers/{id}/stop", (req, res) -> {
      containers.stop(req.path("id"), signal(req), timeout(req));
      res.noContent();
    });
    r.post("/containers/{id}/restart", (req, res) -> {
      containers.restart(req.path("id"), signal(req), timeout(req));
      res.noContent();
    });
    r.post("/containers/{id}/kill", (req, res) -> {
      containers.kill(req.path("id"), req.query("signal").orElse(""));
      res.noContent();
    });
    r.post("/containers/{id}/rename", (req, res) -> {
      containers.rename(req.path("id"), req.query("name").orElse(""));
      res.noContent();
    });
    r.post("/containers/{id}/resize", (req, res) -> {
      containers.resize(req.path("id"), (int) req.integer("h", 0), (int) req.integer("w", 0));
      res.ok(Map.of());
    });
    r.delete("/containers/{id}", (req, res) -> {
      containers.remove(req.path("id"), req.bool("force", false), req.bool("v", false));
      res.noContent();
    });
    r.post("/containers/prune", (req, res) -> res.ok(containers.prune(req.filters())));
  }

  /** The stop signal parameter exists from API 1.42 on (moby ignores it before). */
  private static String signal(Request req) {
    return ApiVersion.atLeast(req.apiVersion(), "1.42") ? req.query("signal").orElse("") : "";
  }

  private static Integer timeout(Request req) {
    return req.query("t").isPresent() && !req.query("t").get().isEmpty() ? (int) req.integer("t", 0) : null;
  }

  @SuppressWarnings("unchecked")
  static ContainerCreate createRequest(Request req) {
    Map<String, Object> body = req.json(Map.class);
    if (body == null) throw new InvalidArgument("config cannot be empty in order to create a container");
    try {
      var config = Json.mapper().convertValue(body, ContainerConfig.class);
      var hostConfig = body.get("HostConfig") == null ? null : Json.mapper().convertValue(body.get("HostConfig"), HostConfig.class);
      Map<String, Object> endpoints = Map.of();
      if (body.get("NetworkingConfig") instanceof Map<?, ?> nc && nc.get("EndpointsConfig") instanceof Map<?, ?> ec) {
        endpoints = (Map<String, Object>) ec;
      }
      return new ContainerCreate(req.query("name").orElse(""), config, hostConfig, endpoints);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgument("invalid JSON: " + e.getMessage());
    }
  }
}
