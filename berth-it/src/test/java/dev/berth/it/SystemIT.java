package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ping, version and info: headers, fields and versioned paths, as the CLI and SDKs read them. */
@BerthTest
class SystemIT {

  @Test
  void headPingAnswersWithTheHeadersClientsNegotiateOn(RawHttp http) {
    HttpReply r = http.head("/_ping");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Api-Version")).isEqualTo("1.44");
    assertThat(r.header("Ostype")).isEqualTo("linux");
    assertThat(r.header("Docker-Experimental")).isEqualTo("false");
    assertThat(r.header("Builder-Version")).isNotBlank();
    assertThat(r.header("Server")).isNotBlank();
    assertThat(r.header("Cache-Control")).isEqualTo("no-cache, no-store, must-revalidate");
    assertThat(r.header("Pragma")).isEqualTo("no-cache");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void getPingAnswersOkAsPlainText(RawHttp http) {
    HttpReply r = http.get("/_ping");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("OK");
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.header("Api-Version")).isEqualTo("1.44");
  }

  @Test
  void versionedPingWorksAsTestcontainersSendsIt(RawHttp http) {
    HttpReply r = http.get("/v1.44/_ping");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("OK");
  }

  @Test
  void versionAnnouncesApi144WithMinimum124AndADockerLikeVersion(RawHttp http) throws IOException {
    for (String path : new String[] {"/version", "/v1.44/version", "/v1.24/version"}) {
      HttpReply r = http.get(path);
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      JsonNode v = r.json();
      assertThat(v.path("ApiVersion").asText()).isEqualTo("1.44");
      assertThat(v.path("MinAPIVersion").asText()).isEqualTo("1.24");
      assertThat(v.path("Os").asText()).isEqualTo("linux");
      assertThat(v.path("Arch").asText()).isEqualTo("amd64");
      assertThat(v.path("KernelVersion").asText()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
      // Testcontainers compares Version >= 1.6.0; cri-dockerd semver-parses ApiVersion.
      assertThat(v.path("Version").asText()).matches("[1-9][0-9]*\\.[0-9]+\\.[0-9]+.*");
      JsonNode engine = v.path("Components").path(0);
      assertThat(engine.path("Name").asText()).isEqualTo("Engine");
      assertThat(engine.path("Version").asText()).isEqualTo(v.path("Version").asText());
      assertThat(engine.path("Details").path("ApiVersion").asText()).isEqualTo("1.44");
      assertThat(engine.path("Details").path("MinAPIVersion").asText()).isEqualTo("1.24");
    }
  }

  @Test
  void dockerVersionNegotiatesDownTo144(Docker docker) {
    JsonNode v = docker.json("version", "--format", "{{json .}}");
    assertThat(v.path("Server").path("ApiVersion").asText()).isEqualTo("1.44");
    assertThat(v.path("Client").path("ApiVersion").asText()).isEqualTo("1.44");
    assertThat(v.path("Server").path("Os").asText()).isEqualTo("linux");
  }

  @Test
  void infoReportsTrueFigures(RawHttp http, BerthDaemon daemon) throws IOException {
    HttpReply r = http.get("/v1.44/info");
    assertThat(r.status()).isEqualTo(200);
    JsonNode info = r.json();
    assertThat(info.path("ID").asText()).isNotBlank();
    assertThat(info.path("OSType").asText()).isEqualTo("linux");
    assertThat(info.path("Architecture").asText()).isEqualTo("x86_64");
    assertThat(info.path("NCPU").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
    long memTotalKb = Files.readAllLines(Path.of("/proc/meminfo")).stream()
        .filter(l -> l.startsWith("MemTotal:")).map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
    assertThat(info.path("MemTotal").asLong()).isEqualTo(memTotalKb * 1024);
    assertThat(info.path("DockerRootDir").asText()).isEqualTo(daemon.dataRoot().toString());
    assertThat(info.path("Name").asText()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
    assertThat(info.path("KernelVersion").asText()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
    assertThat(info.path("CgroupDriver").asText()).isEqualTo("cgroupfs");
    assertThat(info.path("CgroupVersion").asText()).isEqualTo("1");
    assertThat(info.path("DefaultRuntime").asText()).isEqualTo("runc");
    assertThat(info.path("Runtimes").has("runc")).isTrue();
    assertThat(info.path("Swarm").path("LocalNodeState").asText()).isEqualTo("inactive");
    assertThat(info.path("Labels").isArray()).isTrue();
    assertThat(info.path("LoggingDriver").asText()).isNotBlank();
    assertThat(info.path("OperatingSystem").asText()).isNotBlank();
    assertThat(info.path("ServerVersion").asText()).isEqualTo(http.get("/version").json().path("Version").asText());
    for (String count : new String[] {"Containers", "ContainersRunning", "ContainersPaused", "ContainersStopped", "Images"}) {
      assertThat(info.path(count).isInt()).as(count).isTrue();
    }
  }

  @Test
  void infoCountsFollowContainersAndImages(Docker docker, BerthDaemon daemon, RawHttp http) {
    daemon.ensureBusybox();
    JsonNode before = http.get("/info").json();
    String id = docker.ok("create", "--label", "it=infocount", "busybox", "sleep", "60").stdout();
    try {
      JsonNode created = http.get("/info").json();
      assertThat(created.path("Containers").asInt()).isEqualTo(before.path("Containers").asInt() + 1);
      assertThat(created.path("ContainersStopped").asInt()).isEqualTo(before.path("ContainersStopped").asInt() + 1);
      assertThat(created.path("Images").asInt()).isGreaterThanOrEqualTo(1);
      docker.ok("start", id);
      JsonNode running = http.get("/info").json();
      assertThat(running.path("ContainersRunning").asInt()).isEqualTo(before.path("ContainersRunning").asInt() + 1);
      assertThat(running.path("ContainersStopped").asInt()).isEqualTo(before.path("ContainersStopped").asInt());
    } finally {
      docker.run("rm", "-f", id);
    }
    assertThat(http.get("/info").json().path("Containers").asInt()).isEqualTo(before.path("Containers").asInt());
  }

  @Test
  void dockerInfoRuns(Docker docker) {
    JsonNode info = docker.json("info", "--format", "{{json .}}");
    assertThat(info.path("ServerVersion").asText()).isNotBlank();
    assertThat(info.path("ServerErrors").isMissingNode() || info.path("ServerErrors").isEmpty()).isTrue();
  }

  @Test
  void tooNewApiVersionIs400WithDockerdsText(RawHttp http) {
    HttpReply r = http.get("/v1.99/version");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).isEqualTo("client version 1.99 is too new. Maximum supported API version is 1.44");
  }

  @Test
  void tooOldApiVersionIs400WithDockerdsText(RawHttp http) {
    HttpReply r = http.get("/v1.12/version");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).isEqualTo(
        "client version 1.12 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version");
  }

  @Test
  void unknownRouteIs404PageNotFound(RawHttp http) {
    for (String path : new String[] {"/v1.44/nope", "/nope/deeper", "/v1.44/containers/x/bogus"}) {
      HttpReply r = http.get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.message()).isEqualTo("page not found");
    }
  }

  @Test
  void errorResponsesCarryTheVersionHeaders(RawHttp http) {
    HttpReply r = http.get("/v1.44/containers/nope/json");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.header("Api-Version")).isEqualTo("1.44");
    assertThat(r.header("Ostype")).isEqualTo("linux");
    assertThat(r.header("Server")).isNotBlank();
    assertThat(r.header("Content-Type")).startsWith("application/json");
  }

  @Test
  void garbageOnTheSocketDoesNotHurtTheDaemon(BerthDaemon daemon, RawHttp http) throws IOException {
    for (String junk : new String[] {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\nHost: x\r\n\r\n", "\u0000\u0001\u0002\r\n\r\n"}) {
      try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        ch.connect(UnixDomainSocketAddress.of(daemon.socket()));
        ch.write(ByteBuffer.wrap(junk.getBytes(StandardCharsets.ISO_8859_1)));
        ch.shutdownOutput();
        ch.read(ByteBuffer.allocate(4096));
      }
    }
    HttpReply bad = http.send("POST", "/v1.44/containers/create", Map.of("Content-Type", "application/json"),
        "{\"Image\": ".getBytes(StandardCharsets.UTF_8));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(http.get("/_ping").status()).isEqualTo(200);
    assertThat(daemon.isRunning()).isTrue();
  }
}
