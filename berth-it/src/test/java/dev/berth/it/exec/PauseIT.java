package dev.berth.it.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker pause / unpause through the CLI: state, ps, exec refused, stop of a paused container. */
@BerthTest
class PauseIT {
  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  @Test
  void pausedContainerShowsPausedRefusesExecAndUnpauses(Docker docker) {
    var name = "pause-it-" + UUID.randomUUID().toString().substring(0, 8);
    var id = docker.ok("run", "-d", "--name", name, "busybox", "sleep", "1000").stdout();
    try {
      docker.ok("pause", name);
      assertThat(docker.ok("inspect", "-f", "{{.State.Status}} {{.State.Paused}}", name).stdout()).isEqualTo("paused true");
      assertThat(docker.ok("ps", "--filter", "name=" + name, "--format", "{{.Status}}").stdout()).endsWith("(Paused)");
      var exec = docker.run("exec", name, "true");
      assertThat(exec.exitCode()).isNotZero();
      assertThat(exec.err()).contains("Container " + name + " is paused, unpause the container before exec");
      var twice = docker.run("pause", name);
      assertThat(twice.err()).contains("container " + id + " is already paused");
      docker.ok("unpause", name);
      assertThat(docker.ok("inspect", "-f", "{{.State.Status}} {{.State.Paused}}", name).stdout()).isEqualTo("running false");
      assertThat(docker.ok("exec", name, "echo", "thawed").stdout()).isEqualTo("thawed");
      assertThat(docker.run("unpause", name).err()).contains("Container " + id + " is not paused");
    } finally {
      docker.ok("rm", "-f", name);
    }
  }

  @Test
  void aPausedContainerCanBeStoppedAndKilled(Docker docker) {
    var name = "pause-it-" + UUID.randomUUID().toString().substring(0, 8);
    docker.ok("run", "-d", "--name", name, "busybox", "sh", "-c", "trap 'exit 7' TERM; while true; do sleep 0.1; done");
    try {
      docker.ok("pause", name);
      docker.ok("stop", "-t", "5", name);
      assertThat(docker.ok("inspect", "-f", "{{.State.Status}} {{.State.Paused}} {{.State.ExitCode}}", name).stdout())
          .isEqualTo("exited false 7");
      docker.ok("start", name);
      docker.ok("pause", name);
      docker.ok("kill", name);
      assertThat(docker.ok("inspect", "-f", "{{.State.Status}} {{.State.Paused}} {{.State.ExitCode}}", name).stdout())
          .isEqualTo("exited false 137");
      assertThat(docker.run("pause", name).err()).contains("is not running");
    } finally {
      docker.ok("rm", "-f", name);
    }
  }
}
