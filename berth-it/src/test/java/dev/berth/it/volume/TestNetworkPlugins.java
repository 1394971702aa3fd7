package dev.berth.it.volume;

import static dev.berth.it.volume.TestPlugin.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network driver plugin and an IPAM plugin of the project's own (Docker's remote driver
 * protocol), for the integration tests. The driver makes a veth pair on the host at {@code Join}
 * (the container end is the {@code SrcName} Berth moves into the namespace) and deletes it at
 * {@code DeleteEndpoint}; the IPAM plugin hands out one /24 given by the test.
 */
final class TestNetworkPlugins {
  /** The static route the driver asks for in {@code Join} (TEST-NET-1, only inside the container). */
  static final String STATIC_ROUTE = "192.0.2.0/24";
  /** Networks whose {@code -o} options hold this key are refused by {@code CreateNetwork}. */
  static final String REFUSE = "berthit.refuse";
  /** Networks whose {@code -o} options hold this key are refused by {@code Join}. */
  static final String REFUSE_JOIN = "berthit.refuse-join";

  private TestNetworkPlugins() {}

  /** A NetworkDriver plugin. */
  static TestPlugin driver() throws IOException {
    var plugin = new TestPlugin("net", "NetworkDriver");
    Map<String, String> gateways = new ConcurrentHashMap<>();
    Set<String> refuseJoin = ConcurrentHashMap.newKeySet();
    plugin.server
        .on("NetworkDriver.GetCapabilities", body -> ok(Map.of("Scope", "local", "ConnectivityScope", "local")))
        .on("NetworkDriver.CreateNetwork", body -> {
          if (body.path("Options").path("com.docker.network.generic").has(REFUSE)) {
            return ok(Map.of("Err", "berth-it refuses this network"));
          }
          if (body.path("Options").path("com.docker.network.generic").has(REFUSE_JOIN)) {
            refuseJoin.add(body.path("NetworkID").asText());
          }
          var gw = body.path("IPv4Data").path(0).path("Gateway").asText("");
          gateways.put(body.path("NetworkID").asText(), gw.replaceAll("/.*", ""));
          return ok(Map.of());
        })
        .on("NetworkDriver.DeleteNetwork", body -> ok(Map.of()))
        .on("NetworkDriver.CreateEndpoint", body -> ok(Map.of()))
        .on("NetworkDriver.Join", body -> {
          if (refuseJoin.contains(body.path("NetworkID").asText())) {
            return ok(Map.of("Err", "berth-it refuses to join"));
          }
          var host = vethName(body, "h");
          var peer = vethName(body, "c");
          ip("link", "add", host, "type", "veth", "peer", "name", peer);
          ip("link", "set", "dev", host, "up");
          return ok(Map.of("InterfaceName", Map.of("SrcName", peer, "DstPrefix", "eth"),
              "Gateway", gateways.getOrDefault(body.path("NetworkID").asText(), ""),
              "StaticRoutes", List.of(Map.of("Destination", STATIC_ROUTE, "RouteType", 1))));
        })
        .on("NetworkDriver.ProgramExternalConnectivity", body -> ok(Map.of()))
        .on("NetworkDriver.EndpointOperInfo", body -> ok(Map.of("Value", Map.of())))
        .on("NetworkDriver.RevokeExternalConnectivity", body -> ok(Map.of()))
        .on("NetworkDriver.Leave", body -> ok(Map.of()))
        .on("NetworkDriver.DeleteEndpoint", body -> {
          ip("link", "del", vethName(body, "h"));
          return ok(Map.of());
        });
    return plugin;
  }

  /** An IPAM plugin handing out addresses of {@code subnet} (a /24, "a.b.c.0/24"), gateway .1, in order. */
  static TestPlugin ipam(String subnet) throws IOException {
    var plugin = new TestPlugin("ipam", "IpamDriver");
    var base = subnet.substring(0, subnet.lastIndexOf('.') + 1);
    var next = new AtomicInteger(10);
    plugin.server
        .on("IpamDriver.GetCapabilities", body -> ok(Map.of("RequiresMACAddress", false)))
        .on("IpamDriver.GetDefaultAddressSpaces", body -> ok(Map.of("LocalDefaultAddressSpace", "berthit-local",
            "GlobalDefaultAddressSpace", "berthit-global")))
        .on("IpamDriver.RequestPool", body -> ok(Map.of("PoolID", "berthit-pool", "Pool", subnet, "Data", Map.of())))
        .on("IpamDriver.RequestAddress", body -> {
          var want = body.path("Address").asText("");
          var gateway = body.path("Options").path("RequestAddressType").asText("").equals("com.docker.network.gateway");
          var address = !want.isEmpty() ? want : gateway ? base + "1" : base + next.getAndIncrement();
          return ok(Map.of("Address", address + "/24", "Data", Map.of()));
        })
        .on("IpamDriver.ReleaseAddress", body -> ok(Map.of()))
        .on("IpamDriver.ReleasePool", body -> ok(Map.of()));
    return plugin;
  }

  /** "bi" + 10 hex digits of the endpoint id + side: 13 characters, within IFNAMSIZ. */
  static String vethName(JsonNode body, String side) {
    return "bi" + body.path("EndpointID").asText().substring(0, 10) + side;
  }

  private static void ip(String... args) {
    var argv = new java.util.ArrayList<String>();
    argv.add("ip");
    argv.addAll(List.of(args));
    try {
      var p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
