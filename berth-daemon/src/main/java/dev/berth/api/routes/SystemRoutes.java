package dev.berth.api.routes;

import dev.berth.api.server.Request;
import dev.berth.api.server.Response;
import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.engine.error.Unavailable;
import dev.berth.engine.system.SystemService;

/** {@code /_ping}, {@code /version}, {@code /info}, and the swarm endpoints of a node not in a swarm. */
public final class SystemRoutes implements Routes {
  /** moby {@code daemon/cluster/errors.go}. */
  static final String NOT_IN_SWARM = "This node is not part of a swarm";

  static final String NOT_A_MANAGER = "This node is not a swarm manager. Use \"docker swarm init\" or "
      + "\"docker swarm join\" to connect this node to swarm and try again.";

  private final SystemService system;

  public SystemRoutes(SystemService system) {
    this.system = system;
  }

  @Override
  public void register(Router r) {
    r.get("/_ping", this::ping);
    r.head("/_ping", this::ping);
    r.get("/version", (req, res) -> res.ok(system.version()));
    r.get("/info", (req, res) -> res.ok(system.info()));
    r.get("/swarm", (req, res) -> {
      throw new Unavailable(NOT_IN_SWARM);
    });
    for (var list : new String[] {"/nodes", "/services", "/tasks", "/secrets", "/configs"}) {
      r.get(list, (req, res) -> {
        throw new Unavailable(NOT_A_MANAGER);
      });
    }
  }

  /** moby {@code system_routes.go pingHandler}: headers on both; HEAD has no body. */
  private void ping(Request req, Response res) {
    res.header("Builder-Version", "1")
        .header("Swarm", "inactive")
        .header("Cache-Control", "no-cache, no-store, must-revalidate")
        .header("Pragma", "no-cache");
    if (req.method().equals("HEAD")) {
      res.header("Content-Type", "text/plain; charset=utf-8").empty();
    } else {
      res.text("OK");
    }
  }
}
