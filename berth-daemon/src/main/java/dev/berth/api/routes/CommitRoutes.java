package dev.berth.api.routes;

import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.engine.commit.CommitRequest;
import dev.berth.engine.commit.ContainerCommitter;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.ContainerConfig;
import dev.berth.model.Json;
import java.util.Map;

/** {@code POST /commit}: a thin adapter over {@link ContainerCommitter}. */
public final class CommitRoutes implements Routes {
  private final ContainerCommitter committer;

  public CommitRoutes(ContainerCommitter committer) {
    this.committer = committer;
  }

  @Override
  public void register(Router r) {
    r.post("/commit", (req, res) -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> body = req.json(Map.class);
      ContainerConfig config;
      try {
        config = body == null ? null : Json.mapper().convertValue(body, ContainerConfig.class);
      } catch (IllegalArgumentException e) {
        throw new InvalidArgument("invalid JSON: " + e.getMessage());
      }
      var request = CommitRequest.cli(req.query("repo").orElse(""), req.query("tag").orElse(""),
          req.query("comment").orElse(""), req.query("author").orElse(""), req.bool("pause", true),
          req.queryAll("changes"), config);
      res.created(Map.of("Id", committer.commit(req.query("container").orElse(""), request)));
    });
  }
}
