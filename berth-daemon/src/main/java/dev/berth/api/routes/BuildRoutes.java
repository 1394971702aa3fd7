package dev.berth.api.routes;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.api.server.Request;
import dev.berth.api.server.Response;
import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.api.stream.JsonMessageStream;
import dev.berth.engine.build.BuildOutput;
import dev.berth.engine.build.BuildRequest;
import dev.berth.engine.build.BuildService;
import dev.berth.engine.error.EngineException;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.HostConfig;
import dev.berth.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** {@code POST /build}: the classic builder's JSON stream over {@link BuildService}. */
public final class BuildRoutes implements Routes {
  private final BuildService builds;

  public BuildRoutes(BuildService builds) {
    this.builds = builds;
  }

  @Override
  public void register(Router r) {
    r.post("/build", this::build);
  }

  private void build(Request req, Response res) throws IOException {
    if (req.query("version").orElse("1").equals("2")) {
      throw new InvalidArgument("buildkit not supported by daemon");
    }
    var request = request(req);
    try (var out = new JsonMessageStream(res)) {
      try {
        builds.build(req.body(), request, new BuildOutput() {
          @Override
          public void stream(String text) {
            if (!text.isEmpty()) {
              out.send(Map.of("stream", text));
            }
          }

          @Override
          public void aux(String imageId) {
            out.send(Map.of("aux", Map.of("ID", imageId)));
          }

          @Override
          public void failed(String message, int code) {
            out.error(message, code);
          }
        });
      } catch (EngineException | UncheckedIOException e) {
        if (!out.started()) {
          throw e;
        }
        out.error(e.getMessage());
      }
    }
  }

  private static BuildRequest request(Request req) {
    return new BuildRequest(req.queryAll("t"), req.query("dockerfile").orElse(""),
        json(req, "buildargs", new TypeReference<Map<String, String>>() {}),
        json(req, "labels", new TypeReference<Map<String, String>>() {}), req.bool("q", false),
        req.bool("nocache", false), req.bool("rm", true), req.bool("forcerm", false), req.bool("pull", false),
        req.query("target").orElse(""), req.query("networkmode").orElse(""),
        orEmpty(json(req, "cachefrom", new TypeReference<List<String>>() {})), req.integer("shmsize", 0),
        req.integer("memory", 0), req.integer("memswap", 0), req.integer("cpushares", 0),
        req.query("cpusetcpus").orElse(""), req.integer("cpuperiod", 0), req.integer("cpuquota", 0),
        orEmpty(json(req, "ulimits", new TypeReference<List<HostConfig.Ulimit>>() {})),
        req.query("extrahosts").filter(s -> !s.isEmpty()).map(s -> List.of(s.split(","))).orElse(List.of()),
        req.query("platform").orElse(""), req.query("remote").orElse(""));
  }

  private static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static <T> T json(Request req, String name, TypeReference<T> type) {
    var raw = req.query(name).orElse("");
    if (raw.isEmpty()) {
      return null;
    }
    try {
      return Json.mapper().readValue(raw, type);
    } catch (IOException e) {
      throw new InvalidArgument("invalid " + name + " parameter: " + e.getMessage());
    }
  }
}
