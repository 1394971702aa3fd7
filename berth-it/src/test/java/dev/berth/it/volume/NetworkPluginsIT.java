package dev.berth.it.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Network driver and IPAM plugins of our own (Docker's remote driver protocol), driven through the CLI. */
@BerthTest
class NetworkPluginsIT {
  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  @Test
  void aNetworkDriverPluginJoinsAContainer(Docker docker) throws Exception {
    var subnet = freeSubnet();
    var base = subnet.substring(0, subnet.lastIndexOf('.') + 1);
    try (var plugin = TestNetworkPlugins.driver()) {
      docker.ok("network", "create", "-d", plugin.name, "--subnet", subnet, "it-remote");
      try {
        var n = docker.json("network", "inspect", "it-remote").get(0);
        assertThat(n.path("Driver").asText()).isEqualTo(plugin.name);
        assertThat(n.path("IPAM").path("Config").get(0).path("Subnet").asText()).isEqualTo(subnet);
        var out = docker.ok("run", "--rm", "--network", "it-remote", "busybox", "sh", "-c",
            "ip -o -4 addr show eth0; ip route").stdout();
        assertThat(out).contains("inet " + base + "2/24").contains("default via " + base + "1 dev eth0")
            .contains(TestNetworkPlugins.STATIC_ROUTE + " dev eth0");
      } finally {
        docker.ok("network", "rm", "it-remote");
      }
      var calls = plugin.server.methods().stream().filter(m -> m.startsWith("NetworkDriver.")).toList();
      assertThat(calls).containsExactly("NetworkDriver.GetCapabilities", "NetworkDriver.CreateNetwork",
          "NetworkDriver.CreateEndpoint", "NetworkDriver.Join", "NetworkDriver.ProgramExternalConnectivity",
          "NetworkDriver.EndpointOperInfo", "NetworkDriver.RevokeExternalConnectivity", "NetworkDriver.Leave",
          "NetworkDriver.DeleteEndpoint", "NetworkDriver.DeleteNetwork");
      var join = plugin.server.calls.stream().filter(c -> c.method().equals("NetworkDriver.Join")).findFirst().orElseThrow();
      assertThat(run("ip", "-o", "link")).doesNotContain(TestNetworkPlugins.vethName(join.body(), "h"))
          .doesNotContain(TestNetworkPlugins.vethName(join.body(), "c"));
    }
  }

  @Test
  void aRunningContainerConnectsToAndDisconnectsFromAPluginNetwork(Docker docker) throws Exception {
    var subnet = freeSubnet();
    var base = subnet.substring(0, subnet.lastIndexOf('.') + 1);
    var name = "it-plugconnect-" + ProcessHandle.current().pid();
    try (var plugin = TestNetworkPlugins.driver()) {
      docker.ok("network", "create", "-d", plugin.name, "--subnet", subnet, "it-remote3");
      try {
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "600");
        docker.ok("network", "connect", "it-remote3", name);
        assertThat(docker.ok("exec", name, "ip", "-o", "-4", "addr", "show", "eth1").stdout()).contains("inet " + base + "2/24");
        var endpoint = docker.inspect(name).path("NetworkSettings").path("Networks").path("it-remote3");
        assertThat(endpoint.path("IPAddress").asText()).isEqualTo(base + "2");
        assertThat(docker.json("network", "inspect", "it-remote3").get(0).path("Containers").size()).isEqualTo(1);
        docker.ok("network", "disconnect", "it-remote3", name);
        assertThat(docker.run("exec", name, "ip", "link", "show", "eth1").exitCode()).isNotZero();
        assertThat(docker.inspect(name).path("NetworkSettings").path("Networks").has("it-remote3")).isFalse();
        assertThat(plugin.server.methods()).containsSubsequence("NetworkDriver.CreateEndpoint", "NetworkDriver.Join",
            "NetworkDriver.Leave", "NetworkDriver.DeleteEndpoint");
        // connected while stopped, it joins through the plugin at start
        docker.ok("stop", "-t", "1", name);
        docker.ok("network", "connect", "it-remote3", name);
        docker.ok("start", name);
        assertThat(docker.ok("exec", name, "ip", "-o", "-4", "addr").stdout()).contains("inet " + base);
      } finally {
        docker.run("rm", "-f", name);
        docker.ok("network", "rm", "it-remote3");
      }
    }
  }

  @Test
  void anIpamPluginNumbersABridgeNetwork(Docker docker) throws Exception {
    var subnet = freeSubnet();
    var base = subnet.substring(0, subnet.lastIndexOf('.') + 1);
    try (var ipam = TestNetworkPlugins.ipam(subnet)) {
      docker.ok("network", "create", "--ipam-driver", ipam.name, "it-ipam");
      try {
        var pool = docker.json("network", "inspect", "it-ipam").get(0).path("IPAM");
        assertThat(pool.path("Driver").asText()).isEqualTo(ipam.name);
        assertThat(pool.path("Config").get(0).path("Subnet").asText()).isEqualTo(subnet);
        assertThat(pool.path("Config").get(0).path("Gateway").asText()).isEqualTo(base + "1");
        var out = docker.ok("run", "--rm", "--network", "it-ipam", "busybox", "ip", "-o", "-4", "addr", "show", "eth0").stdout();
        assertThat(out).contains("inet " + base + "10/24");
        // dockerd shows the plugin's address in IPAddress only; IPAMConfig stays null unless --ip was given
        var name = "it-ipamcfg-" + ProcessHandle.current().pid();
        docker.ok("run", "-d", "--name", name, "--network", "it-ipam", "busybox", "sleep", "600");
        try {
          var endpoint = docker.inspect(name).path("NetworkSettings").path("Networks").path("it-ipam");
          assertThat(endpoint.path("IPAddress").asText()).startsWith(base);
          assertThat(endpoint.path("IPAMConfig").isNull()).as(endpoint.toString()).isTrue();
        } finally {
          docker.ok("rm", "-f", name);
        }
      } finally {
        docker.ok("network", "rm", "it-ipam");
      }
      assertThat(ipam.server.methods()).containsSubsequence("IpamDriver.GetCapabilities",
          "IpamDriver.GetDefaultAddressSpaces", "IpamDriver.RequestPool", "IpamDriver.RequestAddress",
          "IpamDriver.RequestAddress", "IpamDriver.ReleaseAddress", "IpamDriver.ReleaseAddress", "IpamDriver.ReleasePool");
    }
  }

  @Test
  void bothPluginsTogether(Docker docker) throws Exception {
    var subnet = freeSubnet();
    var base = subnet.substring(0, subnet.lastIndexOf('.') + 1);
    try (var driver = TestNetworkPlugins.driver(); var ipam = TestNetworkPlugins.ipam(subnet)) {
      docker.ok("network", "create", "-d", driver.name, "--ipam-driver", ipam.name, "it-remote2");
      try {
        var create = driver.server.calls.stream().filter(c -> c.method().equals("NetworkDriver.CreateNetwork")).findFirst().orElseThrow();
        assertThat(create.body().path("IPv4Data").get(0).path("Pool").asText()).isEqualTo(subnet);
        assertThat(create.body().path("IPv4Data").get(0).path("Gateway").asText()).isEqualTo(base + "1/24");
        assertThat(create.body().path("IPv4Data").get(0).path("AddressSpace").asText()).isEqualTo("berthit-local");
        var out = docker.ok("run", "--rm", "--network", "it-remote2", "busybox", "ip", "-o", "-4", "addr", "show", "eth0").stdout();
        assertThat(out).contains("inet " + base + "10/24");
      } finally {
        docker.ok("network", "rm", "it-remote2");
      }
      assertThat(ipam.server.methods()).contains("IpamDriver.ReleasePool");
    }
  }

  @Test
  void pluginErrorsReachTheCliInDockerdsWords(Docker docker) throws Exception {
    try (var plugin = TestNetworkPlugins.driver()) {
      var refused = docker.run("network", "create", "-d", plugin.name, "-o", TestNetworkPlugins.REFUSE + "=1", "it-refused");
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.err()).contains("Error response from daemon: remote: berth-it refuses this network");
      assertThat(docker.run("network", "inspect", "it-refused").exitCode()).isNotZero();
    }
    assertThat(docker.run("network", "create", "-d", "it-nosuchplugin", "it-x").err())
        .contains("Error response from daemon: plugin \"it-nosuchplugin\" not found");
  }

  @Test
  void aRefusedJoinFailsTheRunAndIsUndone(Docker docker) throws Exception {
    try (var plugin = TestNetworkPlugins.driver()) {
      docker.ok("network", "create", "-d", plugin.name, "-o", TestNetworkPlugins.REFUSE_JOIN + "=1", "--subnet",
          freeSubnet(), "it-nojoin");
      try {
        var r = docker.run("run", "--rm", "--network", "it-nojoin", "busybox", "true");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("remote: berth-it refuses to join");
        assertThat(plugin.server.methods()).containsSubsequence("NetworkDriver.CreateEndpoint", "NetworkDriver.Join",
            "NetworkDriver.DeleteEndpoint");
        assertThat(docker.json("network", "inspect", "it-nojoin").get(0).path("Containers")).isEmpty();
      } finally {
        docker.ok("network", "rm", "it-nojoin");
      }
    }
  }

  @Test
  void aPluginNetworkOutlivesADaemonRestart(Daemons daemons) throws Exception {
    var daemon = daemons.start();
    var docker = daemon.docker();
    try (var plugin = TestNetworkPlugins.driver()) {
      docker.ok("network", "create", "-d", plugin.name, "--subnet", freeSubnet(), "it-lasting");
      daemon.stop();
      daemon.start();
      assertThat(docker.json("network", "inspect", "it-lasting").get(0).path("Driver").asText()).isEqualTo(plugin.name);
      docker.ok("network", "rm", "it-lasting");
      assertThat(plugin.server.methods()).contains("NetworkDriver.DeleteNetwork");
    }
  }

  /** A /24 in 10.213.0.0/16 that no host route or address touches. */
  static String freeSubnet() throws IOException {
    var taken = run("ip", "-4", "route") + run("ip", "-4", "addr");
    for (int i = 0; i < 256; i++) {
      int third = (int) (Math.random() * 250) + 2;
      var prefix = "10.213." + third + ".";
      if (!taken.contains(prefix)) {
        return prefix + "0/24";
      }
    }
    throw new IllegalStateException("no free subnet in 10.213.0.0/16");
  }

  static String run(String... argv) throws IOException {
    var p = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
    return new String(p.getInputStream().readAllBytes());
  }
}
