package dev.berth.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A container the kernel kills for memory: OOMKilled, exit 137 and an {@code oom} event before {@code die}. */
@BerthTest
class OomIT {
  private static final Duration T = Duration.ofSeconds(60);

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  @Test
  void aMemoryHogOverItsLimitIsOomKilled(Docker docker) {
    Instant t0 = Instant.now();
    String id = docker.ok("run", "-d", "-m", "16m", "busybox", "sh", "-c", "x=a; while true; do x=$x$x; done").stdout();
    Await.until(T, "the hog to be killed", () -> !docker.inspect(id).path("State").path("Running").asBoolean());
    var state = docker.inspect(id).path("State");
    assertThat(state.path("OOMKilled").asBoolean()).isTrue();
    assertThat(state.path("ExitCode").asInt()).isEqualTo(137);
    var actions = docker.jsonLines("events", "--since", Long.toString(t0.getEpochSecond()), "--until",
        Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=" + id, "--format", "{{json .}}")
        .stream().map(e -> e.path("Action").asText()).toList();
    assertThat(actions).containsSubsequence("start", "oom", "die");
    docker.ok("rm", id);
  }

  @Test
  void aContainerWithinItsLimitIsNotOomKilled(Docker docker) {
    String id = docker.ok("run", "-d", "-m", "16m", "busybox", "sh", "-c", "exit 3").stdout();
    Await.until(T, "exit", () -> !docker.inspect(id).path("State").path("Running").asBoolean());
    assertThat(docker.inspect(id).path("State").path("OOMKilled").asBoolean()).isFalse();
    docker.ok("rm", id);
  }
}
