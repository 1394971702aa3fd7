package dev.berth.api.routes;

import dev.berth.api.server.Request;
import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.network.NetworkCreateRequest;
import dev.berth.engine.network.NetworkService;
import java.util.Map;

/** {@code /networks}: list, inspect, create, remove, prune, connect, disconnect. */
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
    r.post("/networks/{id}/connect", (req, res) -> {
      var body = body(req);
      networks.connect(req.path("id"), container(body), endpointConfig(body));
      res.empty();
    });
    r.post("/networks/{id}/disconnect", (req, res) -> {
      networks.disconnect(req.path("id"), container(body(req)));
      res.empty();
    });
    r.post("/networks/prune", (req, res) -> res.ok(Map.of("NetworksDeleted", networks.prune(req.filters()))));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(Request req) {
    Map<String, Object> body = req.json(Map.class);
    return body == null ? Map.of() : body;
  }

  private static String container(Map<String, Object> body) {
    if (!(body.get("Container") instanceof String c) || c.isEmpty()) {
      throw new InvalidArgument("container is required");
    }
    return c;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> endpointConfig(Map<String, Object> body) {
    return body.get("EndpointConfig") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
