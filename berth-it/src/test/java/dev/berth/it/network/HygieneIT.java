package dev.berth.it.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * 100 create/start/rm cycles on a user-defined network (with a published port) leave the host's
 * links, iptables rules (counters aside) and IPAM leases exactly as before.
 */
@BerthTest
class HygieneIT {
  private static final int CYCLES = Integer.getInteger("berth.hygiene.cycles", 100);

  @Test
  void createStartRmCyclesLeaveNoTrace(BerthDaemon daemon) {
    daemon.ensureBusybox();
    Docker docker = daemon.docker();
    String id12 = docker.ok("network", "create", "--subnet", "10.231.60.0/24", "cycles").stdout().substring(0, 12);
    try {
      var before = snapshot(daemon, id12);
      for (int i = 0; i < CYCLES; i++) {
        String id = docker.ok("create", "--network", "cycles", "-p", "80", "busybox", "sleep", "60").stdout();
        docker.ok("start", id);
        if (i == 0) {
          assertThat(snapshot(daemon, id12)).isNotEqualTo(before);
        }
        docker.ok("rm", "-f", id);
      }
      // The kernel reports the idle bridge's lost carrier asynchronously: poll, then compare.
      try {
        Await.until(Duration.ofSeconds(10), "host state as before", () -> snapshot(daemon, id12).equals(before));
      } catch (AssertionError e) {
        assertThat(snapshot(daemon, id12)).isEqualTo(before);
      }
    } finally {
      docker.ok("network", "rm", "cycles");
    }
  }

  private static HostSnapshot snapshot(BerthDaemon daemon, String networkId12) {
    return HostSnapshot.of("br-" + networkId12, "10.231.60.", "berth-" + networkId12, daemon.dataRoot());
  }
}
