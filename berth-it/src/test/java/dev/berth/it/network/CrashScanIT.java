package dev.berth.it.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The start-up scan after a crash: berthd is killed (-9) with containers on a user-defined network
 * (published ports, embedded DNS), their conmons and processes are killed too, and the next berthd
 * leaves the host's links, iptables rules, namespaces and IPAM leases as they were before the
 * containers started.
 */
@BerthTest
class CrashScanIT {
  private static final Duration T = Duration.ofSeconds(60);

  @Test
  void aRestartAfterKillMinus9UndoesTheNetworkingOfContainersThatDiedMeanwhile(Daemons daemons) throws Exception {
    BerthDaemon d = daemons.start().ensureBusybox();
    Docker docker = d.docker();
    String id12 = docker.ok("network", "create", "--subnet", "10.231.82.0/24", "crash82").stdout().substring(0, 12);
    try {
      var before = snapshot(d, id12);
      var ids = new ArrayList<String>();
      for (int i = 0; i < 3; i++) {
        ids.add(docker.ok("run", "-d", "--network", "crash82", "-p", "80", "busybox", "sleep", "300").stdout());
      }
      assertThat(snapshot(d, id12)).isNotEqualTo(before);
      crash(d, ids);
      // The third container vanishes altogether (its record is gone): only the network scan can undo it.
      var vanished = ids.removeLast();
      deleteTree(d.dataRoot().resolve("containers").resolve(vanished));
      d.start();
      assertThat(docker.run("inspect", vanished).exitCode()).isNotZero();
      awaitAsBefore(d, ids, () -> snapshot(d, id12), before);
      // The vanished container's runc state, cgroups and rootfs mount are the container service's
      // start-up sweep's (CrashLeftoversIT); LeakCheck fails the run if it missed any.
    } finally {
      docker.run("network", "rm", "crash82");
    }
  }

  /** Kills berthd (-9), then the containers' conmons and processes, and waits until they are gone. */
  static void crash(BerthDaemon d, List<String> ids) throws Exception {
    var pids = new ArrayList<Long>();
    for (var id : ids) {
      pids.add(d.docker().inspect(id).path("State").path("Pid").asLong());
    }
    d.kill9();
    for (int i = 0; i < ids.size(); i++) {
      var conmonPid = d.execRoot().resolve(ids.get(i)).resolve("conmon.pid");
      kill(Long.parseLong(Files.readString(conmonPid).strip()));
      kill(pids.get(i));
    }
    for (var pid : pids) {
      Await.until(T, "container process " + pid + " gone", () -> !new File("/proc/" + pid).exists());
    }
  }

  /**
   * After the restart: waits until the containers show as exited and the host's networking
   * ({@code snapshot}) is back to {@code before}, then removes the containers.
   */
  static void awaitAsBefore(BerthDaemon d, List<String> ids, java.util.function.Supplier<Object> snapshot, Object before) {
    Docker docker = d.docker();
    for (var id : ids) {
      Await.until(T, "container " + id + " exited", () -> !docker.inspect(id).path("State").path("Running").asBoolean());
    }
    try {
      Await.until(T, "host networking as before", () -> snapshot.get().equals(before));
    } catch (AssertionError e) {
      assertThat(snapshot.get()).isEqualTo(before);
    }
    for (var id : ids) {
      docker.ok("rm", "-f", id);
    }
  }

  /** The network's host state plus the daemon's namespace files. */
  private static List<Object> snapshot(BerthDaemon d, String networkId12) {
    var netns = d.execRoot().resolve("netns").toFile().list();
    return List.of(HostSnapshot.of("br-" + networkId12, "10.231.82.", "berth-" + networkId12, d.dataRoot()),
        netns == null ? List.of() : List.of(netns));
  }

  private static void deleteTree(java.nio.file.Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      for (var f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  private static void kill(long pid) throws Exception {
    run("kill", "-9", Long.toString(pid));
  }

  private static void run(String... argv) throws Exception {
    new ProcessBuilder(argv).inheritIO().start().waitFor();
  }

}
