package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Containers outlive berthd: with --live-restore a SIGTERM (or any kill -9) leaves them running and
 * logging, and the next berthd finds them again; without it SIGTERM stops them as dockerd does.
 */
@BerthTest
class RestartIT {
  private static final Duration T = Duration.ofSeconds(20);
  /** Prints tick1, tick2, … ten times a second; exits 143 on SIGTERM and 21 on SIGUSR1. */
  private static final String TICKER =
      "trap 'exit 143' TERM; trap 'exit 21' USR1; i=0; while true; do i=$((i+1)); echo tick$i; sleep 0.1; done";

  private static String ticker(Docker docker, String name) {
    String id = docker.ok("run", "-d", "--name", name, "busybox", "sh", "-c", TICKER).stdout();
    Await.until(T, name + " to tick", () -> docker.ok("logs", id).out().contains("tick2\n"));
    return id;
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  /** The tick numbers printed, which must run 1, 2, 3, … without a gap. */
  private static void assertNoGap(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i)).as("line " + (i + 1) + " of " + lines.size()).isEqualTo("tick" + (i + 1));
    }
  }

  private static void signal(String sig, long pid) throws Exception {
    Process p = new ProcessBuilder("kill", "-s", sig, Long.toString(pid)).inheritIO().start();
    assertThat(p.waitFor()).isZero();
  }

  private void keepsRunningAndLoggingWhileDown(BerthDaemon d, boolean sigkill) throws Exception {
    Docker docker = d.docker();
    String id = ticker(docker, "survivor");
    JsonNode before = docker.inspect(id);
    long pid = before.path("State").path("Pid").asLong();
    Path log = Path.of(before.path("LogPath").asText());

    if (sigkill) {
      d.kill9();
    } else {
      assertThat(d.stop()).isZero();
    }
    assertThat(alive(pid)).as("container init after berthd stopped").isTrue();
    long sizeDown = size(log);
    Await.until(T, "the log to grow while berthd is down", () -> size(log) > sizeDown + 100);
    assertThat(alive(pid)).isTrue();

    d.start();
    JsonNode after = docker.inspect(id);
    assertThat(after.path("State").path("Status").asText()).isEqualTo("running");
    assertThat(after.path("State").path("Pid").asLong()).isEqualTo(pid);
    assertThat(after.path("State").path("StartedAt").asText()).isEqualTo(before.path("State").path("StartedAt").asText());
    assertThat(docker.ok("ps", "-q", "--no-trunc").stdout()).isEqualTo(id);
    assertNoGap(docker.ok("logs", id).out().lines().toList());

    try (DockerStream follow = docker.start("logs", "-f", "--tail", "1", id);
         DockerStream attach = docker.start("attach", id);
         DockerStream wait = docker.start("wait", id)) {
      follow.awaitLines(T, 3);
      attach.awaitLines(T, 2);
      assertThat(attach.lines()).allMatch(l -> l.startsWith("tick"));
      docker.ok("stop", id);
      assertThat(wait.awaitExit(T)).isZero();
      assertThat(wait.lines()).containsExactly("143");
      assertThat(follow.awaitExit(T)).isZero();
    }
    assertThat(docker.inspect(id).path("State").path("ExitCode").asInt()).isEqualTo(143);
    assertThat(alive(pid)).isFalse();
    assertNoGap(docker.ok("logs", id).out().lines().toList());
    docker.ok("rm", id);
  }

  @Test
  void liveRestoreSigtermLeavesContainersRunningAndTheNextDaemonAdoptsThem(Daemons daemons) throws Exception {
    keepsRunningAndLoggingWhileDown(daemons.start("--live-restore").ensureBusybox(), false);
  }

  @Test
  void killMinus9LeavesContainersRunningAndTheNextDaemonAdoptsThem(Daemons daemons) throws Exception {
    keepsRunningAndLoggingWhileDown(daemons.start("--live-restore").ensureBusybox(), true);
  }

  private void exitWhileDown(BerthDaemon d, boolean sigkill) throws Exception {
    Docker docker = d.docker();
    String id = ticker(docker, "quitter");
    long pid = docker.inspect(id).path("State").path("Pid").asLong();
    if (sigkill) {
      d.kill9();
    } else {
      d.stop();
    }
    signal("USR1", pid);
    Await.until(T, "the container to exit while berthd is down", () -> !alive(pid));
    d.start();
    JsonNode state = docker.inspect(id).path("State");
    assertThat(state.path("Status").asText()).isEqualTo("exited");
    assertThat(state.path("Running").asBoolean()).isFalse();
    assertThat(state.path("ExitCode").asInt()).isEqualTo(21);
    assertThat(state.path("Pid").asInt()).isZero();
    assertThat(state.path("FinishedAt").asText()).isNotEqualTo("0001-01-01T00:00:00Z");
    assertThat(docker.ok("wait", id).stdout()).isEqualTo("21");
    assertThat(docker.ok("ps", "-q").stdout()).isEmpty();
    assertThat(docker.ok("ps", "-a", "-q", "--filter", "exited=21").stdout()).isEqualTo(id.substring(0, 12));
    // It can be started again.
    docker.ok("start", id);
    assertThat(docker.inspect(id).path("State").path("Running").asBoolean()).isTrue();
    docker.ok("rm", "-f", id);
  }

  @Test
  void containerThatExitedWhileTheDaemonWasStoppedShowsItsTrueExitCode(Daemons daemons) throws Exception {
    exitWhileDown(daemons.start("--live-restore").ensureBusybox(), false);
  }

  @Test
  void containerThatExitedWhileTheDaemonWasKilledShowsItsTrueExitCode(Daemons daemons) throws Exception {
    exitWhileDown(daemons.start("--live-restore").ensureBusybox(), true);
  }

  @Test
  void withoutLiveRestoreSigtermStopsContainers(Daemons daemons) {
    BerthDaemon d = daemons.start().ensureBusybox();
    Docker docker = d.docker();
    String id = ticker(docker, "stopped-with-daemon");
    long pid = docker.inspect(id).path("State").path("Pid").asLong();
    assertThat(d.stop()).isZero();
    assertThat(alive(pid)).as("container init after berthd's SIGTERM").isFalse();
    d.start();
    JsonNode state = docker.inspect(id).path("State");
    assertThat(state.path("Status").asText()).isEqualTo("exited");
    assertThat(state.path("ExitCode").asInt()).isEqualTo(143);
    assertThat(docker.ok("ps", "-q").stdout()).isEmpty();
    docker.ok("rm", id);
  }

  @Test
  void restartedDaemonKeepsImagesAndStoppedContainers(Daemons daemons) {
    BerthDaemon d = daemons.start().ensureBusybox();
    Docker docker = d.docker();
    String imageId = docker.inspect("busybox").path("Id").asText();
    String id = docker.ok("run", "-d", "--name", "kept", "--label", "k=v", "busybox", "sh", "-c", "echo kept; exit 6").stdout();
    assertThat(docker.ok("wait", id).stdout()).isEqualTo("6");
    d.stop();
    d.start();
    assertThat(docker.inspect("busybox").path("Id").asText()).isEqualTo(imageId);
    JsonNode c = docker.inspect("kept");
    assertThat(c.path("Id").asText()).isEqualTo(id);
    assertThat(c.path("State").path("ExitCode").asInt()).isEqualTo(6);
    assertThat(c.path("Config").path("Labels").path("k").asText()).isEqualTo("v");
    assertThat(docker.ok("logs", "kept").out()).isEqualTo("kept\n");
    assertThat(docker.run("run", "--rm", "busybox", "echo", "after").out()).isEqualTo("after\n");
    docker.ok("rm", "kept");
  }
}
