package dev.berth.it.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --ipc}, {@code --pid} and {@code --uts} with host, {@code container:<id>} and
 * shareable/private, checked inside the running containers ({@code /proc/self/ns/*}), with
 * dockerd's errors for a donor that is not running or not shareable.
 */
@BerthTest
class NamespaceModesIT {
  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  @Test
  void containerModesJoinTheDonorsIpcAndPidNamespacesAndShm(Docker docker) {
    String donor = docker.ok("run", "-d", "--name", "donor80", "--ipc", "shareable", "busybox", "sleep", "120").stdout();
    try {
      assertThat(docker.inspect(donor).path("HostConfig").path("IpcMode").asText()).isEqualTo("shareable");
      var donorIpc = docker.ok("exec", donor, "readlink", "/proc/self/ns/ipc").stdout();
      var donorPid = docker.ok("exec", donor, "readlink", "/proc/self/ns/pid").stdout();
      docker.ok("exec", donor, "sh", "-c", "echo shared80 > /dev/shm/f80");
      var out = docker.ok("run", "--rm", "--ipc", "container:donor80", "--pid", "container:donor80", "busybox", "sh", "-c",
          "readlink /proc/self/ns/ipc; readlink /proc/self/ns/pid; cat /dev/shm/f80; ps -o args").out();
      assertThat(out).contains(donorIpc + "\n" + donorPid + "\nshared80\n").contains("sleep 120");
      var own = docker.ok("run", "--rm", "busybox", "readlink", "/proc/self/ns/ipc").stdout();
      assertThat(own).isNotEqualTo(donorIpc);
    } finally {
      docker.ok("rm", "-f", donor);
    }
  }

  @Test
  void hostModesShareTheHostsNamespaces(Docker docker) throws Exception {
    var out = docker.ok("run", "--rm", "--ipc", "host", "--pid", "host", "--uts", "host", "busybox", "sh", "-c",
        "readlink /proc/self/ns/ipc; readlink /proc/self/ns/pid; hostname").out();
    var host = Files.readSymbolicLink(Path.of("/proc/self/ns/ipc")) + "\n" + Files.readSymbolicLink(Path.of("/proc/self/ns/pid"))
        + "\n" + Files.readString(Path.of("/proc/sys/kernel/hostname")).strip() + "\n";
    assertThat(out).isEqualTo(host);
    var defaults = docker.inspect(docker.ok("create", "busybox", "true").stdout());
    try {
      assertThat(defaults.path("HostConfig").path("IpcMode").asText()).isEqualTo("private");
    } finally {
      docker.ok("rm", defaults.path("Id").asText());
    }
  }

  @Test
  void donorsThatAreNotRunningOrNotShareableAreRefusedAsDockerd(Docker docker) {
    String priv = docker.ok("run", "-d", "--name", "private81", "busybox", "sleep", "120").stdout();
    String stopped = docker.ok("create", "--name", "stopped81", "--ipc", "shareable", "busybox", "true").stdout();
    try {
      var notShareable = docker.run("run", "--rm", "--ipc", "container:private81", "busybox", "true");
      assertThat(notShareable.err())
          .contains("container private81: non-shareable IPC (hint: use IpcMode:shareable for the donor container)");
      assertThat(docker.run("run", "--rm", "--ipc", "container:stopped81", "busybox", "true").err())
          .contains("container stopped81 is not running");
      assertThat(docker.run("run", "--rm", "--pid", "container:stopped81", "busybox", "true").err())
          .contains("container stopped81 is not running");
    } finally {
      docker.ok("rm", "-f", priv, stopped);
    }
  }
}
