package dev.berth.api.routes;

import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.network.NetworkCreateRequest;
import dev.berth.engine.network.NetworkService;
import java.util.Map;

/** {@code /networks}: list, inspect, create, remove, prune. */
public final class NetworkRoutes implements Routes {
  private final NetworkService networks;

  public NetworkRoutes(NetworkService networks) {
    this.networks = networks;
  }

  @Override
  public void register(Router r) {
    r.get("/networks", (req, res) -> res.ok(networks.list(req.filters())));
    r.get("/networks/{id}", (req, res) -> res.ok(networks.inspect(req.path("id"))));
    r.post("/networks/create", (req, res) -> {
      var body = req.json(NetworkCreateRequest.class);
      if (body == null) {
        throw new InvalidArgument("invalid JSON: empty body");
      }
      res.created(networks.create(body));
    });
    r.delete("/networks/{id}", (req, res) -> {
      networks.remove(req.path("id"));
      res.noContent();
    });
    r.post("/networks/prune", (req, res) -> res.ok(Map.of("NetworksDeleted", networks.prune(req.filters()))));
  }
}
