package dev.berth.api.routes;

import dev.berth.api.server.Request;
import dev.berth.api.server.Response;
import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.engine.archive.ContainerArchives;
import dev.berth.engine.archive.PathStat;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.Json;
import java.util.Base64;

/** {@code docker cp} ({@code HEAD/GET/PUT /containers/{id}/archive}) and {@code docker export}. */
public final class ArchiveRoutes implements Routes {
  private static final String STAT_HEADER = "X-Docker-Container-Path-Stat";

  private final ContainerArchives archives;

  public ArchiveRoutes(ContainerArchives archives) {
    this.archives = archives;
  }

  @Override
  public void register(Router r) {
    r.head("/containers/{id}/archive", (req, res) -> {
      statHeader(res, archives.stat(req.path("id"), path(req)));
      res.empty();
    });
    r.get("/containers/{id}/archive", (req, res) -> archives.get(req.path("id"), path(req), stat -> {
      statHeader(res, stat);
      return res.stream("application/x-tar");
    }));
    r.put("/containers/{id}/archive", (req, res) -> {
      archives.put(req.path("id"), path(req), req.bool("copyUIDGID", false), req.bool("noOverwriteDirNonDir", false),
          req.body());
      res.empty();
    });
    r.get("/containers/{id}/export", (req, res) -> archives.export(req.path("id"), stat -> res.stream("application/x-tar")));
  }

  /** moby {@code ArchiveFormValues}, its text included. */
  private static String path(Request req) {
    var path = req.query("path").orElse("");
    if (path.isEmpty()) throw new InvalidArgument("bad parameter: pathcannot be empty");
    return path;
  }

  private static void statHeader(Response res, PathStat stat) {
    try {
      res.header(STAT_HEADER, Base64.getEncoder().encodeToString(Json.mapper().writeValueAsBytes(stat)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
