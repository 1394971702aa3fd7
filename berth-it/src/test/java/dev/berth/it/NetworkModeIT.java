package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** --network none and --network host; a container without a mode gets its own namespace. */
@BerthTest
class NetworkModeIT {

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  private static String hostNetns() throws Exception {
    return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
  }

  @Test
  void networkNoneHasOnlyLoopback(Docker docker) throws Exception {
    Docker.Result r = docker.run("run", "--rm", "--network", "none", "busybox", "sh", "-c", "ls /sys/class/net; readlink /proc/self/ns/net");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    var lines = r.out().lines().toList();
    assertThat(lines.subList(0, lines.size() - 1)).containsExactly("lo");
    assertThat(lines.getLast()).isNotEqualTo(hostNetns());
  }

  @Test
  void networkNoneShowsInInspect(Docker docker) {
    String id = docker.ok("create", "--network", "none", "busybox", "true").stdout();
    try {
      assertThat(docker.inspect(id).path("HostConfig").path("NetworkMode").asText()).isEqualTo("none");
      assertThat(docker.inspect(id).path("NetworkSettings").path("Networks").has("none")).isTrue();
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void networkHostSharesTheHostsNamespaceAndHostname(Docker docker) throws Exception {
    Docker.Result r = docker.run("run", "--rm", "--network", "host", "busybox", "sh", "-c", "hostname; readlink /proc/self/ns/net");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    var lines = r.out().lines().toList();
    assertThat(lines.getFirst()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
    assertThat(lines.get(1)).isEqualTo(hostNetns());
  }

  @Test
  void networkHostSeesTheHostsInterfaces(Docker docker) throws Exception {
    Docker.Result r = docker.run("run", "--rm", "--network", "host", "busybox", "ls", "/sys/class/net");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    try (var s = Files.list(Path.of("/sys/class/net"))) {
      assertThat(r.out().lines().toList()).contains(s.map(p -> p.getFileName().toString()).filter(n -> n.equals("lo") || n.startsWith("e")).toArray(String[]::new));
    }
  }

  @Test
  void defaultModeGivesTheContainerItsOwnNamespaceAndShortIdHostname(Docker docker) throws Exception {
    String id = docker.ok("run", "-d", "busybox", "sh", "-c", "hostname; readlink /proc/self/ns/net").stdout();
    try {
      docker.ok("wait", id);
      var lines = docker.ok("logs", id).out().lines().toList();
      assertThat(lines.getFirst()).isEqualTo(id.substring(0, 12));
      assertThat(lines.get(1)).isNotEqualTo(hostNetns());
    } finally {
      docker.ok("rm", "-f", id);
    }
  }
}
