package dev.berth.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import dev.berth.it.Fixture;
import dev.berth.it.HttpStream;
import dev.berth.it.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker events: the container, image and daemon actions dockerd emits with its fields, the
 * filters, --since/--until in their three forms, and a slow reader that is cut off without
 * slowing the daemon.
 */
@BerthTest
class EventsIT {
  private static final Duration T = Duration.ofSeconds(60);

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  /** The recorded events from {@code since} until now, with extra filters. */
  private static List<JsonNode> events(Docker docker, Instant since, String... filters) {
    var args = new ArrayList<>(List.of("events", "--since", Long.toString(since.getEpochSecond()), "--until",
        Long.toString(Instant.now().getEpochSecond() + 1), "--format", "{{json .}}"));
    for (String f : filters) {
      args.add("--filter");
      args.add(f);
    }
    return docker.jsonLines(args.toArray(String[]::new));
  }

  private static List<String> actions(List<JsonNode> events) {
    return events.stream().map(e -> e.path("Action").asText()).toList();
  }

  private static JsonNode first(List<JsonNode> events, String action) {
    return events.stream().filter(e -> e.path("Action").asText().equals(action)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + action + " in " + actions(events)));
  }

  @Test
  void containerActionsCarryDockerdsFields(Docker docker) {
    Instant t0 = Instant.now().minusSeconds(1);
    String id = docker.ok("run", "-d", "--name", "ev-c", "--label", "l=v", "busybox", "sleep", "100").stdout();
    docker.ok("exec", id, "true");
    docker.ok("top", id);
    docker.ok("pause", id);
    docker.ok("unpause", id);
    docker.ok("rename", "ev-c", "ev-d");
    docker.ok("restart", "-t", "1", "ev-d");
    docker.ok("kill", "ev-d");
    docker.ok("rm", "ev-d");
    List<JsonNode> events = events(docker, t0, "container=" + id);
    assertThat(actions(events)).containsSubsequence("create", "start", "exec_create: true ", "exec_start: true ",
        "exec_die", "top", "pause", "unpause", "rename", "kill", "die", "stop", "start", "restart", "kill", "die",
        "destroy");
    JsonNode create = first(events, "create");
    assertThat(create.path("Type").asText()).isEqualTo("container");
    assertThat(create.path("status").asText()).isEqualTo("create");
    assertThat(create.path("id").asText()).isEqualTo(id);
    assertThat(create.path("from").asText()).isEqualTo("busybox");
    assertThat(create.path("scope").asText()).isEqualTo("local");
    assertThat(create.path("Actor").path("ID").asText()).isEqualTo(id);
    assertThat(create.path("Actor").path("Attributes").path("image").asText()).isEqualTo("busybox");
    assertThat(create.path("Actor").path("Attributes").path("name").asText()).isEqualTo("ev-c");
    assertThat(create.path("Actor").path("Attributes").path("l").asText()).isEqualTo("v");
    assertThat(create.path("timeNano").asLong() / 1_000_000_000L).isEqualTo(create.path("time").asLong());
    assertThat(first(events, "kill").path("Actor").path("Attributes").path("signal").asText()).isEqualTo("15");
    assertThat(first(events, "die").path("Actor").path("Attributes").path("exitCode").asText()).isEqualTo("137");
    assertThat(first(events, "rename").path("Actor").path("Attributes").path("oldName").asText()).isEqualTo("/ev-c");
    JsonNode execDie = first(events, "exec_die");
    assertThat(execDie.path("Actor").path("Attributes").path("exitCode").asText()).isEqualTo("0");
    assertThat(execDie.path("Actor").path("Attributes").path("execID").asText()).hasSize(64);
    // exec_create and health_status filters match by prefix (moby #25798)
    assertThat(actions(events(docker, t0, "container=" + id, "event=exec_create"))).containsExactly("exec_create: true ");
  }

  @Test
  void imageActionsCarryTheImageIdAndName(Docker docker, @TempDir Path tmp) throws Exception {
    String imageId = docker.inspect("busybox").path("Id").asText();
    Instant t0 = Instant.now().minusSeconds(1);
    Path saved = tmp.resolve("saved.tar");
    docker.ok("tag", "busybox", "ev-img:one");
    docker.ok("save", "-o", saved.toString(), "ev-img:one");
    docker.ok("rmi", "ev-img:one");
    docker.ok("load", "-i", saved.toString());
    docker.ok("rmi", "ev-img:one");
    Path rootfs = tmp.resolve("rootfs.tar");
    Files.copy(Fixture.busyboxTar(), rootfs);
    String imported = docker.ok("import", tmp.resolve("rootfs.tar").toString(), "ev-imp:1").stdout();
    docker.ok("rmi", "ev-imp:1");
    List<JsonNode> events = events(docker, t0, "type=image");
    assertThat(actions(events)).containsSubsequence("tag", "save", "untag", "load", "untag", "tag", "import", "untag",
        "delete");
    JsonNode tag = first(events, "tag");
    assertThat(tag.path("Actor").path("ID").asText()).isEqualTo(imageId);
    assertThat(tag.path("Actor").path("Attributes").path("name").asText()).isEqualTo("ev-img:one");
    assertThat(tag.path("status").asText()).isEqualTo("tag");
    assertThat(tag.path("id").asText()).isEqualTo(imageId);
    assertThat(tag.has("from")).isFalse();
    assertThat(first(events, "load").path("Actor").path("Attributes").path("name").asText()).isEqualTo(imageId);
    assertThat(first(events, "import").path("Actor").path("ID").asText()).isEqualTo(imported);
    assertThat(first(events, "delete").path("Actor").path("ID").asText()).isEqualTo(imported);
    // untag names the image by its ID (as dockerd), so the image filter finds it by ID, not by the removed tag
    assertThat(actions(events(docker, t0, "image=" + imageId, "event=untag"))).containsExactly("untag", "untag");
    assertThat(actions(events(docker, t0, "image=ev-img", "event=tag"))).containsExactly("tag");
    assertThat(events(docker, t0, "type=image", "container=nope")).isEmpty();
  }

  @Test
  void filtersSinceAndUntilTakeTimestampsDurationsAndRfc3339(Docker docker) {
    Instant t0 = Instant.now().minusSeconds(1);
    String a = docker.ok("create", "--name", "ev-f1", "--label", "team=red", "busybox").stdout();
    String b = docker.ok("create", "--name", "ev-f2", "--label", "team=blue", "busybox").stdout();
    docker.ok("rm", a, b);
    assertThat(events(docker, t0, "label=team=red").stream().map(e -> e.path("Actor").path("ID").asText()).distinct())
        .containsExactly(a);
    assertThat(actions(events(docker, t0, "container=ev-f2"))).containsExactly("create", "destroy");
    assertThat(actions(events(docker, t0, "container=ev-f2", "event=destroy"))).containsExactly("destroy");
    assertThat(events(docker, t0, "type=network", "container=ev-f1")).isEmpty();
    String rfc = DateTimeFormatter.ISO_INSTANT.format(t0.truncatedTo(ChronoUnit.SECONDS));
    String until = DateTimeFormatter.ISO_INSTANT.format(Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS));
    assertThat(docker.jsonLines("events", "--since", rfc, "--until", until, "--filter", "container=ev-f1", "--format",
        "{{json .}}")).hasSize(2);
    assertThat(docker.jsonLines("events", "--since", "5m", "--until", "0s", "--filter", "container=ev-f1", "--format",
        "{{json .}}")).hasSize(2);
    assertThat(docker.jsonLines("events", "--since", "1s", "--until", "0s", "--filter", "container=ev-f1", "--format",
        "{{json .}}").size()).isLessThanOrEqualTo(2);
    Docker.Result bad = docker.run("events", "--since", "10", "--until", "5");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("cannot be after `until` time");
  }

  @Test
  void healthStatusEventsMatchTheHealthStatusFilter(Docker docker) {
    Instant t0 = Instant.now().minusSeconds(1);
    String id = docker.ok("run", "-d", "--health-cmd", "true", "--health-interval", "1s", "busybox", "sleep", "60").stdout();
    try {
      Await.until(T, "a health_status event", () -> !events(docker, t0, "container=" + id, "event=health_status").isEmpty());
      assertThat(actions(events(docker, t0, "container=" + id, "event=health_status"))).first()
          .isEqualTo("health_status: healthy");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void sighupReloadsDaemonJsonAndEmitsAReloadEvent(Daemons daemons, @TempDir Path tmp) throws Exception {
    Path config = tmp.resolve("daemon.json");
    Files.writeString(config, "{\"labels\": [\"a=b\"]}");
    BerthDaemon d = daemons.start("--config-file", config.toString());
    Docker docker = d.docker();
    Instant t0 = Instant.now().minusSeconds(1);
    Files.writeString(config, "{\"labels\": [\"x=y\"], \"debug\": true, \"max-concurrent-downloads\": 7}");
    Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(d.pid())).inheritIO().start();
    assertThat(hup.waitFor()).isZero();
    Await.until(T, "the reload event", () -> !events(docker, t0, "type=daemon").isEmpty());
    JsonNode reload = events(docker, t0, "type=daemon").getFirst();
    JsonNode info = docker.json("info", "--format", "{{json .}}");
    assertThat(reload.path("Action").asText()).isEqualTo("reload");
    assertThat(reload.path("Actor").path("ID").asText()).isEqualTo(info.path("ID").asText());
    assertThat(reload.path("scope").asText()).isEqualTo("local");
    assertThat(reload.has("status")).isFalse();
    JsonNode attrs = reload.path("Actor").path("Attributes");
    assertThat(attrs.path("labels").asText()).isEqualTo("[\"x=y\"]");
    assertThat(attrs.path("debug").asText()).isEqualTo("true");
    assertThat(attrs.path("max-concurrent-downloads").asText()).isEqualTo("7");
    assertThat(attrs.path("name").asText()).isEqualTo(info.path("Name").asText());
    assertThat(info.path("Labels").toString()).isEqualTo("[\"x=y\"]");
    assertThat(info.path("Debug").asBoolean()).isTrue();
    assertThat(events(docker, t0, "daemon=" + info.path("Name").asText())).hasSize(1);
    // a file that does not check out changes nothing and emits nothing
    Files.writeString(config, "{\"bogus\": 1}");
    Process bad = new ProcessBuilder("kill", "-HUP", Long.toString(d.pid())).inheritIO().start();
    assertThat(bad.waitFor()).isZero();
    Await.until(T, "the refused reload to be logged", () -> d.logSince(0).contains("Error reconfiguring the daemon"));
    assertThat(events(docker, t0, "type=daemon")).hasSize(1);
    assertThat(d.http().get("/_ping").status()).isEqualTo(200);
  }

  @Test
  void aReaderThatStopsReadingIsCutOffAndDoesNotSlowTheDaemon(RawHttp http, Docker docker) {
    String longName = "ev-slow/" + "x".repeat(200);
    try (HttpStream stalled = http.open("GET", "/v1.44/events?filters=%7B%22type%22%3A%5B%22image%22%5D%7D", Map.of(), null,
        Duration.ofSeconds(30))) {
      assertThat(stalled.status()).isEqualTo(200);
      long slowest = 0;
      for (int i = 0; i < 3000; i++) {
        long start = System.nanoTime();
        assertThat(http.post("/v1.44/images/busybox/tag?repo=" + longName + "&tag=t" + (i % 50)).status()).isEqualTo(201);
        slowest = Math.max(slowest, System.nanoTime() - start);
      }
      long start = System.nanoTime();
      docker.ok("ps");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(Duration.ofNanos(slowest)).as("slowest tag request").isLessThan(Duration.ofSeconds(5));
      // the daemon closed the stalled connection: what it had sent ends, and a fresh reader works
      byte[] rest = stalled.readToEof(T);
      assertThat(rest.length).isPositive();
    } finally {
      for (int i = 0; i < 50; i++) http.delete("/v1.44/images/" + longName + ":t" + i);
    }
    assertThat(http.get("/_ping").status()).isEqualTo(200);
  }
}
