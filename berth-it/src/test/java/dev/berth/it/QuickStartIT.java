package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The foundation issue's user story, step by step, through the real docker CLI on a fresh daemon. */
@BerthTest
class QuickStartIT {

  @Test
  void theReadmeQuickStartWorks(Daemons daemons) {
    BerthDaemon daemon = daemons.start();
    Docker docker = daemon.docker();

    Docker.Result load = docker.ok("load", "-i", Fixture.busyboxTar().toString());
    assertThat(load.out()).contains("Loaded image: busybox:latest");

    Docker.Result hi = docker.run("run", "--rm", "busybox", "echo", "hi");
    assertThat(hi.exitCode()).as(hi.toString()).isZero();
    assertThat(hi.out()).isEqualTo("hi\n");

    Docker.Result three = docker.run("run", "--rm", "busybox", "sh", "-c", "exit 3");
    assertThat(three.exitCode()).as(three.toString()).isEqualTo(3);

    String id = docker.ok("run", "-d", "--name", "web", "busybox", "sh", "-c", "while true; do echo tick; sleep 1; done").stdout();
    assertThat(id).matches("[0-9a-f]{64}");

    List<JsonNode> ps = docker.jsonLines("ps", "--format", "{{json .}}");
    assertThat(ps).hasSize(1);
    assertThat(ps.getFirst().path("Names").asText()).isEqualTo("web");
    assertThat(ps.getFirst().path("ID").asText()).isEqualTo(id.substring(0, 12));
    assertThat(ps.getFirst().path("Image").asText()).isEqualTo("busybox");
    assertThat(ps.getFirst().path("State").asText()).isEqualTo("running");
    assertThat(ps.getFirst().path("Status").asText()).startsWith("Up ");

    Await.until(Duration.ofSeconds(10), "three ticks", () -> docker.ok("logs", "web").out().lines().count() >= 3);
    Docker.Result tail = docker.ok("logs", "--tail", "2", "web");
    assertThat(tail.out()).isEqualTo("tick\ntick\n");

    try (DockerStream follow = docker.start("logs", "-f", "--tail", "2", "web")) {
      follow.awaitLines(Duration.ofSeconds(10), 2);
      // New lines keep arriving while the container runs: one tick a second.
      follow.awaitLines(Duration.ofSeconds(10), 4);
      assertThat(follow.lines()).allMatch("tick"::equals);
      assertThat(follow.isAlive()).isTrue();

      Docker.Result stop = docker.run(Duration.ofSeconds(40), "stop", "web");
      assertThat(stop.exitCode()).as(stop.toString()).isZero();
      assertThat(stop.stdout()).isEqualTo("web");
      // logs -f ends when the container stops.
      assertThat(follow.awaitExit(Duration.ofSeconds(10))).isZero();
    }
    JsonNode state = docker.inspect("web").path("State");
    assertThat(state.path("Status").asText()).isEqualTo("exited");
    // sh as pid 1 ignores SIGTERM, so dockerd kills it after the 10 s timeout: 137.
    assertThat(state.path("ExitCode").asInt()).isEqualTo(137);

    assertThat(docker.ok("rm", "web").stdout()).isEqualTo("web");
    assertThat(docker.ok("ps", "-a", "-q").stdout()).isEmpty();
  }
}
