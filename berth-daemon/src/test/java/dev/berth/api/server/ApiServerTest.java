package dev.berth.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.api.routes.SystemRoutes;
import dev.berth.engine.system.BuildInfo;
import dev.berth.engine.system.ContainerCounts;
import dev.berth.engine.system.HostFacts;
import dev.berth.engine.system.ImageCounts;
import dev.berth.engine.system.InfoSettings;
import dev.berth.engine.system.SystemService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on a real unix socket, driven by raw HTTP and by the real docker CLI. */
class ApiServerTest {
  private static final Duration T = Duration.ofSeconds(10);

  @TempDir Path dir;
  private Path socket;
  private ApiServer server;
  private TestRoutes routes;

  @BeforeEach
  void start() throws IOException {
    socket = dir.resolve("api.sock");
    routes = new TestRoutes();
    var system = new SystemService(new BuildInfo("25.0.0-berth", "abc", "now"), HostFacts.read(), "ID-1",
        InfoSettings.defaults(dir), () -> new ContainerCounts.Counts(3, 1, 0, 2), () -> 7);
    server = new ApiServer(List.of(new SystemRoutes(system), routes),
        new ApiServer.Identity(ApiVersions.DEFAULT, "25.0.0-berth"), "no-such-group-here");
    server.listen(new ListenAddress.Unix(socket));
  }

  @AfterEach
  void stop() {
    routes.release.countDown();
    server.close();
  }

  @Test
  void socketIsGroupReadableOnlyAndRemovedAtClose() throws IOException {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
    assertThat((Integer) Files.getAttribute(socket, "unix:gid")).isZero();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("api.sock");
    }
    server.close();
    assertThat(socket).doesNotExist();
  }

  @Test
  void headPingHasHeadersAndNoBodyThenKeepAliveServesGet() throws Exception {
    try (var c = new UnixClient(socket)) {
      c.send("HEAD /_ping HTTP/1.1\r\nHost: x\r\n\r\nGET /v1.44/_ping HTTP/1.1\r\nHost: x\r\n\r\n");
      var text = c.readUntil("\r\n\r\nOK", T);
      assertThat(text).startsWith("HTTP/1.1 200 OK\r\n").contains("Api-Version: 1.44\r\n", "Ostype: linux\r\n",
          "Docker-Experimental: false\r\n", "Server: Docker/25.0.0-berth (linux)\r\n", "Builder-Version: 1\r\n",
          "Swarm: inactive\r\n", "Content-Length: 0\r\n", "Cache-Control: no-cache, no-store, must-revalidate\r\n");
      assertThat(text.split("HTTP/1.1 200 OK")).hasSize(3);
    }
  }

  @Test
  void unknownRouteIs404JsonAndVersionsAreChecked() throws Exception {
    assertThat(get("/nope")).startsWith("HTTP/1.1 404 ").contains("Content-Type: application/json")
        .endsWith("{\"message\":\"page not found\"}\n");
    assertThat(get("/v1.12/version")).startsWith("HTTP/1.1 400 ").endsWith("{\"message\":\"client version 1.12 is too old. "
        + "Minimum supported API version is 1.24, please upgrade your client to a newer version\"}\n");
    assertThat(get("/v1.45/info")).startsWith("HTTP/1.1 400 ")
        .endsWith("{\"message\":\"client version 1.45 is too new. Maximum supported API version is 1.44\"}\n");
    assertThat(get("/v1.24/_ping")).startsWith("HTTP/1.1 200 ").endsWith("OK");
  }

  @Test
  void errorsMapToStatusAndNeverLeakStackTraces() throws Exception {
    assertThat(get("/conflict")).startsWith("HTTP/1.1 409 ").endsWith("{\"message\":\"you lost\"}\n");
    var boom = get("/boom");
    assertThat(boom).startsWith("HTTP/1.1 500 ").endsWith("{\"message\":\"secret detail\"}\n").doesNotContain("at dev.");
    assertThat(get("/swarm")).startsWith("HTTP/1.1 503 ").contains("This node is not part of a swarm");
  }

  @Test
  void greedyNamesAndQueryParameters() throws Exception {
    assertThat(get("/v1.44/images/localhost:5000/a/b:tag/json")).endsWith("{\"name\":\"localhost:5000/a/b:tag\"}\n");
    var params = get("/params?all=False&limit=3&filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D");
    assertThat(params).contains("\"all\":false", "\"limit\":3", "\"label\":[\"a=b\"]");
    assertThat(get("/params?limit=x")).startsWith("HTTP/1.1 400 ").contains("strconv.Atoi: parsing \\\"x\\\": invalid syntax");
    assertThat(get("/params?filters=%7Bbad")).startsWith("HTTP/1.1 400 ").contains("invalid filter");
  }

  @Test
  void jsonBodiesAreCheckedLikeDockerd() throws Exception {
    assertThat(post("/json", "application/json", "{\"a\":1}")).startsWith("HTTP/1.1 200 ").endsWith("{\"a\":1}\n");
    assertThat(post("/json", "application/json", "null")).startsWith("HTTP/1.1 200 ").endsWith("null\n");
    assertThat(post("/json", "application/json", "{\"a\":")).startsWith("HTTP/1.1 400 ").contains("invalid JSON: ");
    assertThat(post("/json", "text/plain", "{}")).startsWith("HTTP/1.1 400 ")
        .contains("unsupported Content-Type header (text/plain): must be 'application/json'");
    assertThat(post("/json", null, "")).startsWith("HTTP/1.1 200 ").endsWith("null\n");
  }

  @Test
  void chunkedRequestBodiesStreamThrough() throws Exception {
    try (var c = new UnixClient(socket)) {
      c.send("POST /count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
      var chunk = new byte[1 << 16];
      int chunks = 80; // 5 MiB, more than the buffer high-water mark
      for (int i = 0; i < chunks; i++) {
        c.send(Integer.toHexString(chunk.length) + "\r\n");
        c.send(chunk);
        c.send("\r\n");
      }
      c.send("0\r\n\r\n");
      assertThat(c.readUntil("}\n", T)).endsWith("{\"bytes\":" + (long) chunks * chunk.length + "}\n");
    }
  }

  @Test
  void streamFlushesHeadersAtOnce() throws Exception {
    try (var c = new UnixClient(socket)) {
      c.send("GET /held HTTP/1.1\r\nHost: x\r\n\r\n");
      var first = c.readUntil("first\n", T);
      assertThat(first).contains("Transfer-Encoding: chunked").doesNotContain("second");
      routes.release.countDown();
      assertThat(c.readUntil("0\r\n\r\n", T)).contains("second\n");
    }
  }

  @Test
  void aSlowClientHoldsTheWriterBackInsteadOfFillingMemory() throws Exception {
    try (var c = new UnixClient(socket)) {
      c.send("GET /flood HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      long seen = 0;
      while (System.nanoTime() < deadline) { // the route writes until backpressure stops it
        seen = routes.flooded.get();
        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
      }
      assertThat(seen).as("bytes accepted while the client reads nothing").isLessThan(16L << 20);
      long total = c.drainToEof(Duration.ofSeconds(30));
      assertThat(routes.flooded.get()).isEqualTo((long) TestRoutes.FLOOD_BLOCKS << 16);
      assertThat(total).isGreaterThan((long) TestRoutes.FLOOD_BLOCKS << 16);
    }
  }

  @Test
  void hijackWithUpgradeSendsLone101KeepsEarlyStdinAndHonoursHalfClose() throws Exception {
    try (var c = new UnixClient(socket)) {
      c.send("POST /v1.44/containers/x/attach?stream=1&stdin=1&stdout=1 HTTP/1.1\r\nHost: x\r\n"
          + "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\nearly-stdin");
      c.shutdownOutput();
      var all = c.readToEof(T);
      assertThat(all).startsWith("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
          + "Connection: Upgrade\r\nUpgrade: tcp\r\n");
      var body = all.substring(all.indexOf("\r\n\r\n") + 4);
      assertThat(body).isEqualTo("\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u000bearly-stdin");
    }
  }

  @Test
  void hijackWithoutUpgradeIs200WithoutLength() throws Exception {
    try (var c = new UnixClient(socket)) {
      c.send("POST /containers/x/attach?stream=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
      c.send("abc");
      c.shutdownOutput();
      var all = c.readToEof(T);
      assertThat(all).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("Content-Length", "chunked").endsWith("abc");
    }
  }

  @Test
  void routesLearnThatTheClientWentAway() throws Exception {
    try (var c = new UnixClient(socket)) {
      c.send("GET /until-gone HTTP/1.1\r\nHost: x\r\n\r\n");
    }
    assertThat(routes.clientGone.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(get("/_ping")).endsWith("OK");
  }

  @Test
  void malformedRequestGets400AndServerKeepsServing() throws Exception {
    try (var c = new UnixClient(socket)) {
      c.send("\u0001\u0002 garbage\r\nxx\r\n\r\n");
      assertThat(c.readToEof(T)).startsWith("HTTP/1.1 400 ");
    }
    assertThat(get("/_ping")).endsWith("OK");
  }

  @Test
  void dockerCliVersionInfoAndAttachWork() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/local/bin/docker")), "docker CLI not installed");
    var version = docker(null, "version");
    assertThat(version).contains("Server: Berth Engine", "API version:      1.44 (minimum version 1.24)", "25.0.0-berth");
    var info = docker(null, "info", "--format", "{{.ID}} {{.Containers}} {{.ContainersRunning}} {{.Images}} {{.OSType}}");
    assertThat(info.strip()).isEqualTo("ID-1 3 1 7 linux");
    var attached = docker("hello from stdin\n", "attach", "--sig-proxy=false", "echo");
    assertThat(attached).isEqualTo("hello from stdin\n");
  }

  private String docker(String stdin, String... args) throws Exception {
    var cmd = new ArrayList<>(List.of("/usr/local/bin/docker"));
    cmd.addAll(List.of(args));
    var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("DOCKER_HOST", "unix://" + socket);
    pb.environment().put("DOCKER_CONFIG", dir.resolve("cli").toString());
    var p = pb.start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("docker exits").isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private String get(String path) throws Exception {
    try (var c = new UnixClient(socket)) {
      c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      return c.readToEof(T);
    }
  }

  private String post(String path, String contentType, String body) throws Exception {
    try (var c = new UnixClient(socket)) {
      var bytes = body.getBytes(StandardCharsets.UTF_8);
      c.send("POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
          + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
          + "Content-Length: " + bytes.length + "\r\n\r\n");
      c.send(bytes);
      return c.readToEof(T);
    }
  }
}
