package dev.berth.api.routes;

import dev.berth.api.server.Request;
import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.api.stream.JsonMessageStream;
import dev.berth.engine.distribution.AuthConfig;
import dev.berth.engine.distribution.DistributionService;
import dev.berth.engine.error.EngineException;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code POST /images/{name}/push} and {@code POST /auth}. */
public final class DistributionRoutes implements Routes {
  private final DistributionService distribution;

  public DistributionRoutes(DistributionService distribution) {
    this.distribution = distribution;
  }

  @Override
  public void register(Router r) {
    r.post("/images/{name*}/push", (req, res) -> {
      var auth = authHeader(req);
      try (var out = new JsonMessageStream(res)) {
        try {
          distribution.push(req.path("name"), req.query("tag").orElse(""), auth, out::send);
        } catch (EngineException e) {
          if (!out.started()) {
            throw e;
          }
          out.error(e.getMessage());
        }
      }
    });
    r.post("/auth", (req, res) -> res.ok(distribution.login(req.json(AuthConfig.class))));
  }

  /**
   * The {@code X-Registry-Auth} header; without it, old clients sent the AuthConfig as the body
   * (moby postImagesPush), and with neither dockerd refuses the request.
   */
  private static String authHeader(Request req) throws Exception {
    var header = req.header("X-Registry-Auth");
    if (header.isPresent()) {
      return header.get();
    }
    var body = req.json(AuthConfig.class);
    if (body == null) {
      throw new InvalidArgument("Bad parameters and missing X-Registry-Auth: EOF");
    }
    return Base64.getUrlEncoder().encodeToString(Json.mapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
  }
}
