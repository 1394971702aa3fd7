package dev.berth.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Health checks from the CLI flags: State.Health, ps, health_status events, timeouts, --no-healthcheck. */
@BerthTest
class HealthCheckIT {
  private static final Duration T = Duration.ofSeconds(30);

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  private static JsonNode health(Docker docker, String id) {
    return docker.inspect(id).path("State").path("Health");
  }

  private static String ps(Docker docker, String id) {
    return docker.ok("ps", "--filter", "id=" + id, "--format", "{{.Status}}").stdout();
  }

  @Test
  void becomesHealthyThenUnhealthyAfterRetriesFailedProbes(Docker docker) {
    Instant t0 = Instant.now();
    String id = docker.ok("run", "-d", "--health-cmd", "test -f /tmp/ok && echo fine", "--health-interval", "200ms",
        "--health-retries", "2", "busybox", "sh", "-c", "touch /tmp/ok; sleep 600").stdout();
    Await.until(T, "healthy", () -> health(docker, id).path("Status").asText().equals("healthy"));
    assertThat(ps(docker, id)).endsWith("(healthy)");
    var log = health(docker, id).path("Log");
    var last = log.get(log.size() - 1);
    assertThat(last.path("ExitCode").asInt()).isZero();
    assertThat(last.path("Output").asText()).isEqualTo("fine\n");
    docker.ok("exec", id, "rm", "/tmp/ok");
    Await.until(T, "unhealthy", () -> health(docker, id).path("Status").asText().equals("unhealthy"));
    var h = health(docker, id);
    assertThat(h.path("FailingStreak").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(h.path("Log").size()).isBetween(1, 5);
    assertThat(ps(docker, id)).endsWith("(unhealthy)");
    var actions = docker.jsonLines("events", "--since", Long.toString(t0.getEpochSecond()), "--until",
        Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=" + id, "--format", "{{json .}}")
        .stream().map(e -> e.path("Action").asText()).toList();
    assertThat(actions).containsSubsequence("start", "health_status: healthy", "health_status: unhealthy");
    docker.ok("rm", "-f", id);
  }

  @Test
  void startsAsStartingInPs(Docker docker) {
    String id = docker.ok("run", "-d", "--health-cmd", "true", "--health-interval", "1h", "busybox", "sleep", "600")
        .stdout();
    assertThat(health(docker, id).path("Status").asText()).isEqualTo("starting");
    assertThat(ps(docker, id)).endsWith("(health: starting)");
    docker.ok("rm", "-f", id);
  }

  @Test
  void aHangingProbeIsKilledAtItsTimeout(Docker docker) {
    String id = docker.ok("run", "-d", "--health-cmd", "sleep 100", "--health-timeout", "500ms", "--health-interval",
        "300ms", "--health-retries", "1", "busybox", "sleep", "600").stdout();
    Await.until(T, "unhealthy", () -> health(docker, id).path("Status").asText().equals("unhealthy"));
    var entry = health(docker, id).path("Log").get(0);
    assertThat(entry.path("ExitCode").asInt()).isEqualTo(-1);
    assertThat(entry.path("Output").asText()).isEqualTo("Health check exceeded timeout (500ms)");
    docker.ok("rm", "-f", id);
  }

  @Test
  void aTimedOutProbeIsKilledWithItsChildrenAndRunsAsAnExecInstance(Docker docker) {
    Instant t0 = Instant.now();
    // The first probe hangs in a child of the shell (sleep 101); the next ones pass at once.
    String cmd = "test -e /tmp/hung || { touch /tmp/hung; sleep 101; true; }";
    String id = docker.ok("run", "-d", "--health-cmd", cmd, "--health-timeout", "500ms", "--health-interval", "300ms",
        "busybox", "sleep", "600").stdout();
    Await.until(T, "healthy after a timed-out probe", () -> health(docker, id).path("Status").asText().equals("healthy"));
    Await.until(T, "no probe process left", () -> !docker.ok("top", id).stdout().contains("sleep 101"));
    var events = docker.jsonLines("events", "--since", Long.toString(t0.getEpochSecond()), "--until",
        Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=" + id, "--format", "{{json .}}");
    // as dockerd: each probe is an exec instance with its exec events
    var actions = events.stream().map(e -> e.path("Action").asText()).toList();
    assertThat(actions).containsSubsequence("start", "exec_create: /bin/sh -c " + cmd, "exec_start: /bin/sh -c " + cmd,
        "exec_die", "health_status: healthy");
    docker.ok("rm", "-f", id);
  }

  @Test
  void noHealthcheckDisablesIt(Docker docker) {
    String id = docker.ok("run", "-d", "--no-healthcheck", "busybox", "sleep", "600").stdout();
    var inspect = docker.inspect(id);
    assertThat(inspect.path("Config").path("Healthcheck").path("Test").get(0).asText()).isEqualTo("NONE");
    assertThat(inspect.path("State").has("Health")).isFalse();
    assertThat(ps(docker, id)).doesNotContain("(");
    docker.ok("rm", "-f", id);
  }
}
