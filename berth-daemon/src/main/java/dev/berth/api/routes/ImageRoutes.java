package dev.berth.api.routes;

import dev.berth.api.server.Request;
import dev.berth.api.server.Response;
import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.api.stream.JsonMessageStream;
import dev.berth.engine.error.EngineException;
import dev.berth.engine.image.ImageService;
import dev.berth.engine.image.ImportRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The image endpoints: thin adapters over {@link ImageService}. */
public final class ImageRoutes implements Routes {
  private final ImageService images;

  public ImageRoutes(ImageService images) {
    this.images = images;
  }

  @Override
  public void register(Router r) {
    r.get("/images/json", (req, res) -> {
      var list = images.list(req.bool("all", false), req.bool("digests", false), req.filters());
      boolean noneTags = before(req, "1.43");
      boolean virtualSize = before(req, "1.44");
      res.ok(noneTags || virtualSize ? list.stream().map(s -> s.forOlderApi(noneTags, virtualSize)).toList() : list);
    });
    r.post("/images/load", this::load);
    r.get("/images/get", (req, res) -> save(req.queryAll("names"), res));
    r.post("/images/create", this::create);
    r.post("/images/prune", (req, res) -> res.ok(images.prune(req.filters())));
    r.get("/images/{name*}/json", (req, res) -> {
      var inspect = images.inspect(req.path("name"));
      res.ok(before(req, "1.44") ? inspect.withVirtualSize() : inspect);
    });
    r.get("/images/{name*}/history", (req, res) -> res.ok(images.history(req.path("name"))));
    r.get("/images/{name*}/get", (req, res) -> save(List.of(req.path("name")), res));
    r.post("/images/{name*}/tag", (req, res) -> {
      images.tag(req.path("name"), req.query("repo").orElse(""), req.query("tag").orElse(""));
      res.created(null);
    });
    r.delete("/images/{name*}", (req, res) ->
        res.ok(images.delete(req.path("name"), req.bool("force", false), req.bool("noprune", false))));
  }

  private static boolean before(Request req, String version) {
    return !ApiVersion.atLeast(req.apiVersion(), version);
  }

  /** {@code quiet} only drops progress bars in dockerd; Berth sends none, so both forms reply alike. */
  private void load(Request req, Response res) throws IOException {
    try (var out = new JsonMessageStream(res)) {
      try {
        images.load(req.body(), line -> out.send(Map.of("stream", line)));
      } catch (EngineException | UncheckedIOException e) {
        out.error(e.getMessage());
      }
    }
  }

  private void save(List<String> names, Response res) throws IOException {
    var archive = images.save(names);
    try (var out = res.stream("application/x-tar")) {
      archive.writeTo(out);
    }
  }

  private void create(Request req, Response res) throws IOException {
    var fromImage = req.query("fromImage").orElse("");
    if (!fromImage.isEmpty()) {
      pull(req, res, fromImage);
      return;
    }
    var request = new ImportRequest(req.query("fromSrc").orElse(""), req.query("repo").orElse(""),
        req.query("tag").orElse(""), req.query("message").orElse(""), req.queryAll("changes"),
        req.query("platform").orElse(""));
    var id = images.importImage(req.body(), request);
    try (var out = new JsonMessageStream(res)) {
      out.send(Map.of("status", id.toString()));
    }
  }

  private void pull(Request req, Response res, String fromImage) throws IOException {
    var tag = req.query("tag").orElse("");
    var ref = fromImage;
    if (!tag.isEmpty()) {
      ref = fromImage + (tag.startsWith("sha256:") ? "@" : ":") + tag;
    }
    try (var out = new JsonMessageStream(res)) {
      try {
        images.pull(ref, req.query("platform").orElse(""), req.header("X-Registry-Auth").orElse(null), out::send);
      } catch (EngineException e) {
        if (!out.started()) {
          throw e;
        }
        out.error(e.getMessage());
      }
    }
  }
}
