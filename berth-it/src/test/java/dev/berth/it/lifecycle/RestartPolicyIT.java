package dev.berth.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Restart policies through the docker CLI: on-failure:N with dockerd's back-off, always with
 * {@code Restarting (1)} in ps and stop cancelling it, {@code docker update --restart}, and which
 * containers come back after berthd restarts and after a simulated host reboot.
 */
@BerthTest
class RestartPolicyIT {
  private static final Duration T = Duration.ofSeconds(30);

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  private static JsonNode state(Docker docker, String id) {
    return docker.inspect(id).path("State");
  }

  private static List<String> actions(Docker docker, String id, Instant since) {
    return docker.jsonLines("events", "--since", Long.toString(since.getEpochSecond()), "--until",
        Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=" + id, "--format", "{{json .}}")
        .stream().map(e -> e.path("Action").asText()).toList();
  }

  @Test
  void onFailureRetriesNTimesWithGrowingBackoffThenStaysExited(Docker docker) {
    Instant t0 = Instant.now();
    String id = docker.ok("run", "-d", "--restart", "on-failure:3", "busybox", "sh", "-c", "exit 3").stdout();
    Await.until(T, "three restarts and a final exit", () -> {
      var s = state(docker, id);
      return docker.inspect(id).path("RestartCount").asInt() == 3 && s.path("Status").asText().equals("exited");
    });
    long took = Duration.between(t0, Instant.now()).toMillis();
    assertThat(took).as("100 + 200 + 400 ms of back-off").isGreaterThanOrEqualTo(700);
    var s = state(docker, id);
    assertThat(s.path("ExitCode").asInt()).isEqualTo(3);
    assertThat(s.path("Restarting").asBoolean()).isFalse();
    assertThat(docker.inspect(id).path("HostConfig").path("RestartPolicy").path("MaximumRetryCount").asInt()).isEqualTo(3);
    var acts = actions(docker, id, t0);
    assertThat(acts.stream().filter("die"::equals).count()).isEqualTo(4);
    assertThat(acts.stream().filter("start"::equals).count()).isEqualTo(4);
    docker.ok("rm", id);
  }

  @Test
  void onFailureDoesNotRestartACleanExit(Docker docker) {
    String id = docker.ok("run", "-d", "--restart", "on-failure", "busybox", "true").stdout();
    Await.until(T, "exit", () -> state(docker, id).path("Status").asText().equals("exited"));
    assertThat(docker.inspect(id).path("RestartCount").asInt()).isZero();
    docker.ok("rm", id);
  }

  @Test
  void alwaysShowsRestartingInPsAndStopCancelsThePendingRestart(Docker docker) {
    String id = docker.ok("run", "-d", "--restart", "always", "busybox", "sh", "-c", "exit 1").stdout();
    // after 5 restarts the back-off is 3.2 s: long enough to see the restarting state
    Await.until(T, "restarting after 5 restarts", () -> {
      var s = state(docker, id);
      return docker.inspect(id).path("RestartCount").asInt() >= 5 && s.path("Restarting").asBoolean();
    });
    var s = state(docker, id);
    assertThat(s.path("Status").asText()).isEqualTo("restarting");
    assertThat(s.path("Running").asBoolean()).isTrue();
    assertThat(s.path("ExitCode").asInt()).isEqualTo(1);
    String ps = docker.ok("ps", "--filter", "id=" + id, "--format", "{{.Status}}").stdout();
    assertThat(ps).startsWith("Restarting (1) ");

    assertThat(docker.run("stop", id).exitCode()).isZero();
    Instant stopped = Instant.now();
    s = state(docker, id);
    assertThat(s.path("Status").asText()).isEqualTo("exited");
    assertThat(s.path("Restarting").asBoolean()).isFalse();
    // no start within the next back-off window (the events until then are the proof, not a sleep)
    var later = docker.jsonLines("events", "--since", Long.toString(stopped.getEpochSecond()), "--until",
        Long.toString(stopped.getEpochSecond() + 8), "--filter", "container=" + id, "--filter", "event=start",
        "--format", "{{json .}}").stream()
        .filter(e -> e.path("timeNano").asLong() > stopped.getEpochSecond() * 1_000_000_000L + stopped.getNano())
        .toList();
    assertThat(later).isEmpty();
    assertThat(docker.inspect(id).path("RestartCount").asInt()).isPositive();
    assertThat(state(docker, id).path("Status").asText()).isEqualTo("exited");

    // a user start resets the count (moby ResetRestartManager)
    docker.ok("update", "--restart", "no", id);
    docker.ok("start", id);
    Await.until(T, "exit", () -> state(docker, id).path("Status").asText().equals("exited"));
    assertThat(docker.inspect(id).path("RestartCount").asInt()).isZero();
    docker.ok("rm", id);
  }

  @Test
  void rmForceRemovesARestartingContainer(Docker docker) {
    String id = docker.ok("run", "-d", "--restart", "always", "busybox", "sh", "-c", "exit 2").stdout();
    Await.until(T, "a few restarts", () -> docker.inspect(id).path("RestartCount").asInt() >= 4);
    docker.ok("rm", "-f", id);
    assertThat(docker.run("inspect", id).exitCode()).isNotZero();
  }

  @Test
  void updateRestartPolicyAppliesToTheNextExit(Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sh", "-c", "sleep 2; exit 5").stdout();
    docker.ok("update", "--restart", "on-failure:1", id);
    var policy = docker.inspect(id).path("HostConfig").path("RestartPolicy");
    assertThat(policy.path("Name").asText()).isEqualTo("on-failure");
    assertThat(policy.path("MaximumRetryCount").asInt()).isEqualTo(1);
    Await.until(T, "one restart, then exited", () -> docker.inspect(id).path("RestartCount").asInt() == 1
        && state(docker, id).path("Status").asText().equals("exited"));
    assertThat(state(docker, id).path("ExitCode").asInt()).isEqualTo(5);
    var bad = docker.run("update", "--restart", "sometimes", id);
    assertThat(bad.exitCode()).isNotZero();
    docker.ok("rm", id);
  }

  @Test
  void rmAndRestartConflictAndBadPolicyAreRefused(Docker docker) {
    var r = docker.run("create", "--restart", "always", "--rm", "busybox", "true");
    assertThat(r.exitCode()).isNotZero();
    var http = docker.run("create", "--restart", "on-failure:-1", "busybox", "true");
    assertThat(http.exitCode()).isNotZero();
  }

  private static void startAll(Docker docker) {
    docker.ok("run", "-d", "--name", "rp-always", "--restart", "always", "busybox", "sleep", "600");
    docker.ok("run", "-d", "--name", "rp-unless", "--restart", "unless-stopped", "busybox", "sleep", "600");
    docker.ok("run", "-d", "--name", "rp-unless-stopped", "--restart", "unless-stopped", "busybox", "sleep", "600");
    docker.ok("run", "-d", "--name", "rp-onfailure", "--restart", "on-failure", "busybox", "sleep", "600");
    docker.ok("run", "-d", "--name", "rp-no", "busybox", "sleep", "600");
    docker.ok("stop", "-t", "1", "rp-unless-stopped");
  }

  private static void assertOnlyAlwaysAndUnlessStoppedCameBack(Docker docker) {
    Await.until(T, "always and unless-stopped to run", () ->
        state(docker, "rp-always").path("Running").asBoolean() && state(docker, "rp-unless").path("Running").asBoolean());
    for (var name : List.of("rp-unless-stopped", "rp-onfailure", "rp-no")) {
      assertThat(state(docker, name).path("Status").asText()).as(name).isEqualTo("exited");
    }
  }

  @Test
  void alwaysAndUnlessStoppedComeBackAfterTheDaemonRestarts(Daemons daemons) throws Exception {
    BerthDaemon d = daemons.start().ensureBusybox();
    Docker docker = d.docker();
    startAll(docker);
    assertThat(d.stop()).isZero();
    d.start();
    assertOnlyAlwaysAndUnlessStoppedCameBack(docker);
    docker.ok("rm", "-f", "rp-always", "rp-unless", "rp-unless-stopped", "rp-onfailure", "rp-no");
  }

  @Test
  void alwaysAndUnlessStoppedComeBackAfterASimulatedHostReboot(Daemons daemons) throws Exception {
    BerthDaemon d = daemons.start().ensureBusybox();
    Docker docker = d.docker();
    startAll(docker);
    var ids = docker.ok("ps", "-q", "--no-trunc").stdout().lines().toList();
    var pids = ids.stream().map(id -> state(docker, id).path("Pid").asLong()).toList();
    String bridge = docker.ok("network", "inspect", "bridge", "--format", "{{json .}}").stdout()
        .replaceAll("(?s).*\"(berth-[0-9a-f]+)\".*", "$1");
    d.kill9();
    // a reboot: this daemon's bridge is gone too
    if (bridge.startsWith("berth-")) new ProcessBuilder("ip", "link", "del", bridge).inheritIO().start().waitFor();
    // a reboot: every conmon and every container process is gone, without exit files
    for (var id : ids) {
      long conmon = Long.parseLong(Files.readString(d.execRoot().resolve(id).resolve("conmon.pid")).strip());
      ProcessHandle.of(conmon).ifPresent(ProcessHandle::destroyForcibly);
      Await.until(T, "conmon " + conmon + " to die", () -> ProcessHandle.of(conmon).map(p -> !p.isAlive()).orElse(true));
    }
    for (var pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      Await.until(T, "pid " + pid + " to die", () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }
    d.start();
    assertOnlyAlwaysAndUnlessStoppedCameBack(docker);
    assertThat(state(docker, "rp-always").path("Pid").asLong()).isNotIn(pids);
    docker.ok("rm", "-f", "rp-always", "rp-unless", "rp-unless-stopped", "rp-onfailure", "rp-no");
  }
}
