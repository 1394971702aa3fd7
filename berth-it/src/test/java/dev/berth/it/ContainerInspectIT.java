package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker inspect: State, timestamps, paths, and Config merged with the image's defaults as dockerd does. */
@BerthTest
class ContainerInspectIT {
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
  private static final String RFC3339_NANO = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z";
  private static JsonNode image;

  @BeforeAll
  static void load(BerthDaemon daemon, Docker docker) {
    daemon.ensureBusybox();
    image = docker.inspect("busybox");
  }

  private static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void createdContainerHasZeroTimesAndNoPid(Docker docker) {
    Instant before = Instant.now();
    String id = docker.ok("create", "--name", "insp-created", "busybox", "echo", "x").stdout();
    try {
      JsonNode c = docker.inspect(id);
      assertThat(c.path("Id").asText()).isEqualTo(id);
      assertThat(c.path("Name").asText()).isEqualTo("/insp-created");
      assertThat(c.path("Created").asText()).matches(RFC3339_NANO);
      assertThat(Instant.parse(c.path("Created").asText())).isBetween(before.minusSeconds(2), Instant.now().plusSeconds(2));
      JsonNode s = c.path("State");
      assertThat(s.path("Status").asText()).isEqualTo("created");
      assertThat(s.path("Running").asBoolean()).isFalse();
      assertThat(s.path("Paused").asBoolean()).isFalse();
      assertThat(s.path("Restarting").asBoolean()).isFalse();
      assertThat(s.path("OOMKilled").asBoolean()).isFalse();
      assertThat(s.path("Dead").asBoolean()).isFalse();
      assertThat(s.path("Pid").asInt()).isZero();
      assertThat(s.path("ExitCode").asInt()).isZero();
      assertThat(s.path("Error").asText()).isEmpty();
      assertThat(s.path("StartedAt").asText()).isEqualTo(ZERO_TIME);
      assertThat(s.path("FinishedAt").asText()).isEqualTo(ZERO_TIME);
      assertThat(c.path("Image").asText()).isEqualTo(image.path("Id").asText());
      assertThat(c.path("Path").asText()).isEqualTo("echo");
      assertThat(strings(c.path("Args"))).containsExactly("x");
      assertThat(c.path("RestartCount").asInt()).isZero();
      assertThat(c.path("Platform").asText()).isEqualTo("linux");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void runningContainerHasAHostPidAndStartTime(Docker docker) throws Exception {
    String id = docker.ok("run", "-d", "busybox", "sleep", "60").stdout();
    try {
      JsonNode c = docker.inspect(id);
      JsonNode s = c.path("State");
      assertThat(s.path("Status").asText()).isEqualTo("running");
      assertThat(s.path("Running").asBoolean()).isTrue();
      long pid = s.path("Pid").asLong();
      assertThat(pid).isPositive();
      // A host pid (cri-dockerd reads /proc/<Pid>/ns/net): the container's init is sleep.
      assertThat(ProcessHandle.of(pid)).isPresent();
      assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ').strip()).isEqualTo("sleep 60");
      assertThat(s.path("StartedAt").asText()).matches(RFC3339_NANO);
      assertThat(Instant.parse(s.path("StartedAt").asText())).isAfterOrEqualTo(Instant.parse(c.path("Created").asText()));
      assertThat(s.path("FinishedAt").asText()).isEqualTo(ZERO_TIME);
      assertThat(Path.of(c.path("LogPath").asText())).isRegularFile();
      assertThat(c.path("HostConfig").isObject()).isTrue();
      assertThat(c.path("NetworkSettings").isObject()).isTrue();
      assertThat(c.path("GraphDriver").path("Name").asText()).isEqualTo("overlay2");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void exitedContainerKeepsItsExitCodeAndTrueTimes(Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sh", "-c", "sleep 0.3; exit 9").stdout();
    try {
      assertThat(docker.ok("wait", id).stdout()).isEqualTo("9");
      JsonNode s = docker.inspect(id).path("State");
      assertThat(s.path("Status").asText()).isEqualTo("exited");
      assertThat(s.path("Running").asBoolean()).isFalse();
      assertThat(s.path("ExitCode").asInt()).isEqualTo(9);
      assertThat(s.path("Pid").asInt()).isZero();
      Instant started = Instant.parse(s.path("StartedAt").asText());
      Instant finished = Instant.parse(s.path("FinishedAt").asText());
      assertThat(Duration.between(started, finished)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(10));
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void configTakesTheImageDefaultsWhenNotGiven(Docker docker) {
    String id = docker.ok("create", "busybox").stdout();
    try {
      JsonNode cfg = docker.inspect(id).path("Config");
      JsonNode img = image.path("Config");
      assertThat(cfg.path("Image").asText()).isEqualTo("busybox");
      assertThat(strings(cfg.path("Cmd"))).isEqualTo(strings(img.path("Cmd"))).isNotEmpty();
      assertThat(strings(cfg.path("Env"))).containsAll(strings(img.path("Env")));
      assertThat(strings(cfg.path("Env"))).anyMatch(e -> e.startsWith("PATH="));
      assertThat(cfg.path("WorkingDir").asText()).isEqualTo(img.path("WorkingDir").isTextual() ? img.path("WorkingDir").asText() : "");
      // The hostname defaults to the short id.
      assertThat(cfg.path("Hostname").asText()).isEqualTo(id.substring(0, 12));
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void givenFieldsOverrideAndMergeWithTheImage(Docker docker) {
    String id = docker.ok("create", "-e", "FOO=bar", "-w", "/tmp", "--label", "team=it", "--hostname", "box1",
        "--user", "1000:1000", "--stop-signal", "SIGINT", "--stop-timeout", "3", "busybox", "sh", "-c", "true").stdout();
    try {
      JsonNode c = docker.inspect(id);
      JsonNode cfg = c.path("Config");
      assertThat(strings(cfg.path("Env"))).contains("FOO=bar").containsAll(strings(image.path("Config").path("Env")));
      assertThat(cfg.path("WorkingDir").asText()).isEqualTo("/tmp");
      assertThat(cfg.path("Labels").path("team").asText()).isEqualTo("it");
      assertThat(cfg.path("Hostname").asText()).isEqualTo("box1");
      assertThat(cfg.path("User").asText()).isEqualTo("1000:1000");
      assertThat(cfg.path("StopSignal").asText()).isEqualTo("SIGINT");
      assertThat(cfg.path("StopTimeout").asInt()).isEqualTo(3);
      assertThat(strings(cfg.path("Cmd"))).containsExactly("sh", "-c", "true");
      assertThat(c.path("Path").asText()).isEqualTo("sh");
      assertThat(strings(c.path("Args"))).containsExactly("-c", "true");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void anEntrypointWithoutACmdDropsTheImageCmd(Docker docker) {
    String id = docker.ok("create", "--entrypoint", "echo", "busybox").stdout();
    try {
      JsonNode c = docker.inspect(id);
      assertThat(strings(c.path("Config").path("Entrypoint"))).containsExactly("echo");
      assertThat(strings(c.path("Config").path("Cmd"))).isEmpty();
      assertThat(c.path("Path").asText()).isEqualTo("echo");
      assertThat(strings(c.path("Args"))).isEmpty();
    } finally {
      docker.ok("rm", "-f", id);
    }
    String id2 = docker.ok("create", "--entrypoint", "echo", "busybox", "a", "b").stdout();
    try {
      JsonNode c = docker.inspect(id2);
      assertThat(c.path("Path").asText()).isEqualTo("echo");
      assertThat(strings(c.path("Args"))).containsExactly("a", "b");
    } finally {
      docker.ok("rm", "-f", id2);
    }
  }

  @Test
  void theProcessSeesTheMergedConfig(Docker docker) {
    Docker.Result r = docker.run("run", "--rm", "-e", "FOO=bar", "-w", "/tmp", "--hostname", "box2", "busybox",
        "sh", "-c", "echo $FOO; pwd; hostname; id -u; echo $PATH");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.subList(0, 4)).containsExactly("bar", "/tmp", "box2", "0");
    assertThat(lines.get(4)).isNotBlank();
    Docker.Result user = docker.run("run", "--rm", "--user", "1234:5678", "busybox", "sh", "-c", "id -u; id -g");
    assertThat(user.out().lines().toList()).containsExactly("1234", "5678");
  }

  @Test
  void inspectOverHttpHasTheHostPaths(RawHttp http, Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sleep", "60").stdout();
    try {
      HttpReply r = http.get("/v1.44/containers/" + id + "/json");
      assertThat(r.status()).isEqualTo(200);
      JsonNode c = r.json();
      for (String p : new String[] {"LogPath", "ResolvConfPath", "HostnamePath", "HostsPath"}) {
        assertThat(Files.isRegularFile(Path.of(c.path(p).asText()))).as(p + " " + c.path(p)).isTrue();
      }
      // Short ids and names resolve too.
      assertThat(http.get("/v1.44/containers/" + id.substring(0, 8) + "/json").json().path("Id").asText()).isEqualTo(id);
    } finally {
      docker.ok("rm", "-f", id);
    }
  }
}
