package dev.berth.api.routes;

import dev.berth.api.server.ApiVersions;
import dev.berth.api.server.Request;
import dev.berth.api.server.Response;
import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.engine.error.EngineException;
import dev.berth.engine.image.ImageService;
import dev.berth.engine.image.ImportRequest;
import dev.berth.model.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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
    return ApiVersions.compare(req.apiVersion(), version) < 0;
  }

  /** {@code quiet} only drops progress bars in dockerd; Berth sends none, so both forms reply alike. */
  private void load(Request req, Response res) throws IOException {
    try (var out = res.stream("application/json")) {
      try {
        images.load(req.body(), line -> message(out, Map.of("stream", line)));
      } catch (EngineException | UncheckedIOException e) {
        error(out, e.getMessage());
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
    try (var out = res.stream("application/json")) {
      message(out, Map.of("status", id.toString()));
    }
  }

  private void pull(Request req, Response res, String fromImage) throws IOException {
    var tag = req.query("tag").orElse("");
    var ref = fromImage;
    if (!tag.isEmpty()) {
      ref = fromImage + (tag.startsWith("sha256:") ? "@" : ":") + tag;
    }
    var lazy = new LazyStream(res);
    try {
      images.pull(ref, req.query("platform").orElse(""), req.header("X-Registry-Auth").orElse(null), lazy::write);
    } catch (EngineException e) {
      if (!lazy.started()) {
        throw e;
      }
      error(lazy.out(), e.getMessage());
    } finally {
      lazy.close();
    }
  }

  private static void message(OutputStream out, Object value) {
    try {
      out.write(Json.mapper().writeValueAsBytes(value));
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void error(OutputStream out, String text) {
    var m = new LinkedHashMap<String, Object>();
    m.put("errorDetail", Map.of("message", text));
    m.put("error", text);
    message(out, m);
  }

  /** A JSON-lines reply that sends its headers only with the first message, so early errors stay HTTP errors. */
  private static final class LazyStream {
    private final Response res;
    private OutputStream out;

    LazyStream(Response res) {
      this.res = res;
    }

    void write(Object value) {
      message(out(), value);
    }

    boolean started() {
      return out != null;
    }

    OutputStream out() {
      if (out == null) {
        out = res.stream("application/json");
      }
      return out;
    }

    void close() throws IOException {
      if (out != null) {
        out.close();
      }
    }
  }
}
