package dev.berth.engine.network.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.SystemError;
import dev.berth.engine.network.IpamPool;
import dev.berth.engine.network.NetworkPlugins.NetworkSpec;
import dev.berth.engine.plugin.PluginRegistry;
import dev.berth.testing.FakePluginServer;
import dev.berth.testing.FakePluginServer.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteNetworksTest {
  static final String ID = "a".repeat(64);
  @TempDir Path sockets;
  @TempDir Path dataRoot;

  RemoteNetworks networks() {
    return new RemoteNetworks(new PluginRegistry(List.of(sockets), List.of(), Duration.ofSeconds(2)), dataRoot);
  }

  static Reply ok(Object body) {
    return new Reply(200, body);
  }

  FakePluginServer ipam() throws Exception {
    return new FakePluginServer(sockets.resolve("ip.sock"), "IpamDriver")
        .on("IpamDriver.GetCapabilities", b -> ok(Map.of()))
        .on("IpamDriver.GetDefaultAddressSpaces", b -> ok(Map.of("LocalDefaultAddressSpace", "space")))
        .on("IpamDriver.RequestPool", b -> ok(Map.of("PoolID", "p1", "Pool", "10.9.8.0/24")))
        .on("IpamDriver.RequestAddress", b -> ok(Map.of("Address",
            b.path("Options").has("RequestAddressType") ? "10.9.8.1/24" : "10.9.8.7/24")))
        .on("IpamDriver.ReleaseAddress", b -> ok(Map.of()))
        .on("IpamDriver.ReleasePool", b -> ok(Map.of()));
  }

  @Test
  void anIpamPluginNumbersABuiltInNetworkAndGetsEverythingBack() throws Exception {
    try (var server = ipam()) {
      var n = networks();
      var pools = n.requestPools(ID, "ip", Map.of("k", "v"), null);
      assertThat(pools).containsExactly(new IpamPool("10.9.8.0/24", null, "10.9.8.1", null));
      n.createNetwork(new NetworkSpec(ID, "bridge", "ip", Map.of(), pools, false, false));
      assertThat(n.joinsByPlugin(ID)).isFalse();
      assertThat(n.requestAddress(ID, null)).isEqualTo("10.9.8.7");
      n.leave(ID, "e".repeat(64), null, "10.9.8.7");
      n.leave(ID, "e".repeat(64), null, "10.9.8.7"); // released once only
      n.deleteNetwork(ID);
      assertThat(server.methods()).containsExactly("Plugin.Activate", "IpamDriver.GetCapabilities",
          "IpamDriver.GetDefaultAddressSpaces", "IpamDriver.RequestPool", "IpamDriver.RequestAddress",
          "IpamDriver.RequestAddress", "IpamDriver.ReleaseAddress", "IpamDriver.ReleaseAddress", "IpamDriver.ReleasePool");
      var pool = server.calls.get(3).body();
      assertThat(pool.path("AddressSpace").asText()).isEqualTo("space");
      assertThat(pool.path("Options").path("k").asText()).isEqualTo("v");
      assertThat(server.calls.get(4).body().path("Options").path("RequestAddressType").asText())
          .isEqualTo("com.docker.network.gateway");
      assertThat(server.calls.get(7).body().path("Address").asText()).isEqualTo("10.9.8.1");
    }
  }

  @Test
  void aDriverRefusalIsRemoteErrAndANon200IsMethodErr() throws Exception {
    try (var server = new FakePluginServer(sockets.resolve("net.sock"), "NetworkDriver")
        .on("NetworkDriver.GetCapabilities", b -> ok(Map.of("Scope", "local")))
        .on("NetworkDriver.CreateNetwork", b -> b.path("Options").path("com.docker.network.generic").has("bad")
            ? new Reply(500, Map.of("Err", "exploded")) : ok(Map.of("Err", "no thanks")))) {
      var n = networks();
      var pools = List.of(new IpamPool("10.9.7.0/24", null, "10.9.7.1", null));
      assertThat(n.isDriver("net")).isTrue();
      assertThat(n.isDriver("nope")).isFalse();
      assertThatThrownBy(() -> n.createNetwork(new NetworkSpec(ID, "net", "default", Map.of(), pools, false, false)))
          .isInstanceOf(SystemError.class).hasMessage("remote: no thanks");
      assertThatThrownBy(() -> n.createNetwork(new NetworkSpec(ID, "net", "default", Map.of("bad", "1"), pools, false, false)))
          .isInstanceOf(SystemError.class).hasMessage("NetworkDriver.CreateNetwork: exploded");
      assertThat(n.joinsByPlugin(ID)).isFalse();
      var create = server.calls.stream().filter(c -> c.method().equals("NetworkDriver.CreateNetwork")).findFirst().orElseThrow();
      assertThat(create.body().path("IPv4Data").get(0).path("Gateway").asText()).isEqualTo("10.9.7.1/24");
      assertThat(create.body().path("IPv4Data").get(0).path("AddressSpace").asText()).isEqualTo("LocalDefault");
    }
  }
}
