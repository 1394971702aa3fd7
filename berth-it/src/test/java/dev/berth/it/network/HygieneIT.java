package dev.berth.it.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
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
    docker.ok("network", "create", "--subnet", "10.231.60.0/24", "cycles");
    try {
      String before = hostState(daemon.dataRoot());
      for (int i = 0; i < CYCLES; i++) {
        String id = docker.ok("create", "--network", "cycles", "-p", "80", "busybox", "sleep", "60").stdout();
        docker.ok("start", id);
        docker.ok("rm", "-f", id);
      }
      // The kernel reports the idle bridge's lost carrier asynchronously: poll, then compare.
      try {
        Await.until(Duration.ofSeconds(10), "host state as before", () -> hostState(daemon.dataRoot()).equals(before));
      } catch (AssertionError e) {
        assertThat(hostState(daemon.dataRoot())).isEqualTo(before);
      }
    } finally {
      docker.ok("network", "rm", "cycles");
    }
  }

  static String hostState(Path dataRoot) {
    var links = run("ip", "-o", "link").lines().map(l -> l.replaceAll("^\\d+: ", "")).sorted().toList();
    var rules = run("iptables-save").lines().filter(l -> !l.startsWith("#"))
        .map(l -> l.replaceAll("\\[\\d+:\\d+\\]", "")).toList();
    return String.join("\n", links) + "\n" + String.join("\n", rules) + "\nleases: " + leases(dataRoot);
  }

  private static String leases(Path dataRoot) {
    var ipam = dataRoot.resolve("network/ipam");
    if (!Files.isDirectory(ipam)) {
      return "";
    }
    try (Stream<Path> files = Files.walk(ipam)) {
      return String.join(",", files.map(Path::toString).filter(p -> p.matches(".*/[0-9.]+$")).sorted().toList());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String run(String... argv) {
    try {
      var p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
