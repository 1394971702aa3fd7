package dev.berth.it.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The daemon's network options through the real CLI: {@code --bip}/{@code --fixed-cidr},
 * {@code --default-address-pool} (and a host route that makes the default bridge move on),
 * {@code --userland-proxy=false} (ports reach the container by DNAT alone, from loopback and from
 * another host), and the macvlan/ipvlan drivers on a host interface. The "other host" is a network
 * namespace made here, joined to the host by a veth; every link, namespace and network is removed.
 */
@BerthTest
class DaemonNetworkOptionsIT {
  @Test
  void bipAndFixedCidrShapeTheDefaultBridge(Daemons daemons) {
    BerthDaemon d = daemons.start("--bip", "10.231.200.1/24", "--fixed-cidr", "10.231.200.128/25").ensureBusybox();
    Docker docker = d.docker();
    JsonNode config = docker.json("network", "inspect", "bridge").get(0).path("IPAM").path("Config").get(0);
    assertThat(config.path("Subnet").asText()).isEqualTo("10.231.200.0/24");
    assertThat(config.path("IPRange").asText()).isEqualTo("10.231.200.128/25");
    assertThat(config.path("Gateway").asText()).isEqualTo("10.231.200.1");
    String id = docker.ok("run", "-d", "busybox", "sleep", "60").stdout();
    try {
      JsonNode ns = docker.inspect(id).path("NetworkSettings");
      assertThat(ns.path("IPAddress").asText()).startsWith("10.231.200.");
      assertThat(Integer.parseInt(ns.path("IPAddress").asText().substring("10.231.200.".length()))).isGreaterThanOrEqualTo(128);
      assertThat(ns.path("Gateway").asText()).isEqualTo("10.231.200.1");
      assertThat(ns.path("IPPrefixLen").asInt()).isEqualTo(24);
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void addressPoolsSkipAHostRouteAndRunOutWithDockerdsText(Daemons daemons) {
    // A host route on the pool's first /24 (a veth's address) must push the default bridge to the second.
    HostSnapshot.run("ip", "link", "add", "bt-pool0", "type", "veth", "peer", "name", "bt-pool1");
    try {
      sh("ip", "addr", "add", "10.231.206.1/24", "dev", "bt-pool0");
      sh("ip", "link", "set", "bt-pool0", "up");
      BerthDaemon d = daemons.start("--default-address-pool", "base=10.231.206.0/23,size=24");
      Docker docker = d.docker();
      assertThat(subnet(docker, "bridge")).isEqualTo("10.231.207.0/24");
      Docker.Result full = docker.run("network", "create", "nomore");
      assertThat(full.exitCode()).isNotZero();
      assertThat(full.err()).contains(
          "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network");
      assertThat(docker.ok("network", "ls", "-q", "--filter", "name=nomore").stdout()).isEmpty();
      // An explicit subnet outside the pools is still fine.
      docker.ok("network", "create", "--subnet", "10.231.208.0/24", "explicit");
      assertThat(subnet(docker, "explicit")).isEqualTo("10.231.208.0/24");
      docker.ok("network", "rm", "explicit");
    } finally {
      HostSnapshot.run("ip", "link", "del", "bt-pool0");
    }
  }

  @Test
  void withoutTheUserlandProxyPortsReachTheContainerByDnatFromLoopbackAndOutside(Daemons daemons) throws Exception {
    BerthDaemon d = daemons.start("--userland-proxy=false", "--bip", "10.231.201.1/24").ensureBusybox();
    Docker docker = d.docker();
    String id = docker.ok("run", "-d", "-p", "38311:80", "-p", "127.0.0.1:38312:80",
        "busybox", "sh", "-c", "echo hello > /tmp/index.html && exec busybox httpd -f -p 80 -h /tmp").stdout();
    var client = new ClientNamespace("bt-cli-" + ProcessHandle.current().pid(), "10.231.202");
    try {
      // berthd only holds these ports (a relay-less socket would never answer): replies come by DNAT.
      assertThat(BridgeIT.get("127.0.0.1", 38311)).contains("hello");
      assertThat(BridgeIT.get("127.0.0.1", 38312)).contains("hello");
      // From "another host": the namespace reaches the host's address on its veth (PREROUTING DNAT).
      assertThat(client.get(38311)).contains("hello");
      // A port bound to 127.0.0.1 is not reachable from outside.
      assertThat(client.tryGet(38312)).doesNotContain("hello");
    } finally {
      client.close();
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void macvlanNetworkOnAHostInterface(Docker docker, BerthDaemon daemon) {
    daemon.ensureBusybox();
    try (var parent = new VethParent("bt-mvpar")) {
      docker.ok("network", "create", "-d", "macvlan", "--subnet", "10.231.203.0/24", "--gateway", "10.231.203.254",
          "-o", "parent=" + parent.name, "mv203");
      try {
        JsonNode net = docker.json("network", "inspect", "mv203").get(0);
        assertThat(net.path("Driver").asText()).isEqualTo("macvlan");
        assertThat(net.path("Options").path("parent").asText()).isEqualTo(parent.name);
        Docker.Result inside = docker.run("run", "--rm", "--network", "mv203", "--ip", "10.231.203.7", "busybox", "sh", "-c",
            "ip -o -4 addr show eth0; ip route");
        assertThat(inside.exitCode()).as(inside.toString()).isZero();
        assertThat(inside.out()).contains("10.231.203.7/24").contains("default via 10.231.203.254");
      } finally {
        docker.ok("network", "rm", "mv203");
      }
      assertThat(docker.run("network", "create", "-d", "macvlan", "-o", "parent=bt-nosuch", "mvbad").err())
          .contains("-o parent interface was not found on the host: bt-nosuch");
    }
  }

  @Test
  void ipvlanNetworkOnAHostInterface(Docker docker, BerthDaemon daemon) {
    daemon.ensureBusybox();
    try (var parent = new VethParent("bt-ivpar")) {
      // ipvlan needs the kernel's ipvlan driver, which some kernels (this CI's VM among them) lack.
      String probe = HostSnapshot.run("ip", "link", "add", "link", parent.name, "name", "bt-ivprobe", "type", "ipvlan", "mode", "l2");
      HostSnapshot.run("ip", "link", "del", "bt-ivprobe");
      assumeThat(probe).as("kernel ipvlan support").isEmpty();
      docker.ok("network", "create", "-d", "ipvlan", "--subnet", "10.231.204.0/24", "-o", "parent=" + parent.name,
          "-o", "ipvlan_mode=l2", "iv204");
      try {
        assertThat(docker.json("network", "inspect", "iv204").get(0).path("Driver").asText()).isEqualTo("ipvlan");
        Docker.Result inside = docker.run("run", "--rm", "--network", "iv204", "busybox", "ip", "-o", "-4", "addr", "show", "eth0");
        assertThat(inside.exitCode()).as(inside.toString()).isZero();
        assertThat(inside.out()).contains("10.231.204.");
      } finally {
        docker.ok("network", "rm", "iv204");
      }
    }
  }

  /** An up veth on the host to hang macvlan/ipvlan links from (this kernel has no dummy driver). */
  private static final class VethParent implements AutoCloseable {
    final String name;

    VethParent(String name) {
      this.name = name;
      sh("ip", "link", "add", name, "type", "veth", "peer", "name", name + "p");
      sh("ip", "link", "set", name, "up");
    }

    @Override
    public void close() {
      HostSnapshot.run("ip", "link", "del", name);
    }
  }

  /** A network namespace standing in for another host, joined to this one by a /24 on a veth. */
  private static final class ClientNamespace implements AutoCloseable {
    private final String name;
    private final String hostAddress;
    private final String hostSide;

    ClientNamespace(String name, String prefix24) {
      this.name = name;
      this.hostAddress = prefix24 + ".1";
      this.hostSide = "btcli" + ProcessHandle.current().pid() % 100000;
      sh("ip", "netns", "add", name);
      try {
        sh("ip", "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", name);
        sh("ip", "addr", "add", hostAddress + "/24", "dev", hostSide);
        sh("ip", "link", "set", hostSide, "up");
        in("ip", "addr", "add", prefix24 + ".2/24", "dev", "eth0");
        in("ip", "link", "set", "eth0", "up");
        in("ip", "link", "set", "lo", "up");
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    String get(int port) {
      return Await.value(Duration.ofSeconds(15), "HTTP reply in " + name + " from port " + port, () -> {
        String reply = tryGet(port);
        return reply.contains("200") ? Optional.of(reply) : Optional.empty();
      });
    }

    String tryGet(int port) {
      return HostSnapshot.run("ip", "netns", "exec", name, "timeout", "5", "busybox", "sh", "-c",
          "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | busybox nc " + hostAddress + " " + port);
    }

    private void in(String... argv) {
      var full = new String[argv.length + 4];
      full[0] = "ip";
      full[1] = "netns";
      full[2] = "exec";
      full[3] = name;
      System.arraycopy(argv, 0, full, 4, argv.length);
      sh(full);
    }

    @Override
    public void close() {
      // Deleting the namespace deletes its veth end, and with it the host's end.
      HostSnapshot.run("ip", "netns", "del", name);
    }
  }

  /** Runs a host command that must succeed. */
  private static void sh(String... argv) {
    String out = HostSnapshot.run(argv);
    if (!out.isBlank()) {
      throw new AssertionError(String.join(" ", argv) + ": " + out);
    }
  }

  private static String subnet(Docker docker, String network) {
    return docker.json("network", "inspect", network).get(0).path("IPAM").path("Config").get(0).path("Subnet").asText();
  }
}
