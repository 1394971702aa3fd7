package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CniConfigsTest {
  private static NetworkRecord network(String subnet, String ipRange, boolean internal, int mtu) {
    return new NetworkRecord("0123456789ab" + "0".repeat(52), "web", "bridge", "2026-01-01T00:00:00Z", internal, false,
        false, true, "default", Map.of(), List.of(new IpamPool(subnet, ipRange, "10.5.0.1", null)), Map.of(), Map.of(),
        "br-0123456789ab", mtu, false);
  }

  @Test
  void chainsBridgePortmapFirewallWithLeasesUnderTheDataRoot() {
    var conf = CniConfigs.bridge(network("10.5.0.0/24", null, false, 0), Path.of("/data/network/ipam"), true);
    assertThat(conf.cniVersion()).isEqualTo("1.0.0");
    assertThat(conf.name()).isEqualTo("berth-0123456789ab");
    assertThat(conf.plugins()).extracting(p -> p.get("type")).containsExactly("bridge", "portmap", "firewall");
    var bridge = conf.plugins().getFirst();
    assertThat(bridge).containsEntry("bridge", "br-0123456789ab").containsEntry("isGateway", true)
        .containsEntry("ipMasq", true).doesNotContainKey("mtu");
    @SuppressWarnings("unchecked")
    var ipam = (Map<String, Object>) bridge.get("ipam");
    assertThat(ipam).containsEntry("type", "host-local").containsEntry("dataDir", "/data/network/ipam")
        .containsEntry("routes", List.of(Map.of("dst", "0.0.0.0/0")))
        .containsEntry("ranges", List.of(List.of(Map.of("subnet", "10.5.0.0/24", "gateway", "10.5.0.1"))));
  }

  @Test
  void withoutPublishedPortsTheChainSkipsPortmap() {
    var conf = CniConfigs.bridge(network("10.5.0.0/24", null, false, 0), Path.of("/d"), false);
    assertThat(conf.plugins()).extracting(p -> p.get("type")).containsExactly("bridge", "firewall");
  }

  @Test
  void macvlanAndIpvlanUseTheParentAndTheirModes() {
    var base = network("10.5.0.0/24", null, false, 0);
    for (var driver : List.of("macvlan", "ipvlan")) {
      var n = new NetworkRecord(base.id(), "v", driver, base.created(), false, false, false, true, "default", Map.of(),
          base.ipam(), Map.of("parent", "eth9"), Map.of(), null, 0, false);
      var conf = CniConfigs.forNetwork(n, Path.of("/d"), true);
      assertThat(conf.plugins()).hasSize(1);
      assertThat(conf.plugins().getFirst()).containsEntry("type", driver).containsEntry("master", "eth9")
          .containsEntry("mode", driver.equals("macvlan") ? "bridge" : "l2").containsKey("ipam");
    }
  }

  @Test
  void ipRangeBecomesRangeStartAndEndInsideTheSubnet() {
    var conf = CniConfigs.bridge(network("10.5.0.0/24", "10.5.0.128/25", false, 0), Path.of("/d"), false);
    @SuppressWarnings("unchecked")
    var range = ((List<List<Map<String, Object>>>) ((Map<String, Object>) conf.plugins().getFirst().get("ipam")).get("ranges"))
        .getFirst().getFirst();
    assertThat(range).containsEntry("rangeStart", "10.5.0.128").containsEntry("rangeEnd", "10.5.0.254");
  }

  @Test
  void internalNetworksHaveNoGatewayRouteAndNoMasquerade() {
    var bridge = CniConfigs.bridge(network("10.5.0.0/24", null, true, 1400), Path.of("/d"), false).plugins().getFirst();
    assertThat(bridge).containsEntry("isGateway", false).containsEntry("ipMasq", false).containsEntry("mtu", 1400);
    @SuppressWarnings("unchecked")
    var ipam = (Map<String, Object>) bridge.get("ipam");
    assertThat(ipam).doesNotContainKey("routes");
  }

  @Test
  void portMappingsUseAnEmptyHostIpForAllAddresses() {
    var mappings = CniConfigs.portMappings(List.of(new EndpointRecord.Published("tcp", 80, "0.0.0.0", 8080)));
    assertThat(mappings).containsExactly(Map.of("hostPort", 8080, "containerPort", 80, "protocol", "tcp", "hostIP", ""));
  }

  private static NetworkRecord dualStack(boolean enableIPv6, String ipRange6, String gateway6) {
    return new NetworkRecord("0123456789ab" + "0".repeat(52), "web6", "bridge", "2026-01-01T00:00:00Z", false, false,
        enableIPv6, true, "default", Map.of(), List.of(new IpamPool("10.5.0.0/24", null, "10.5.0.1", null),
            new IpamPool("fd1b:5::/64", ipRange6, gateway6, null)), Map.of(), Map.of(), "br-0123456789ab", 0, false);
  }

  @Test
  @SuppressWarnings("unchecked")
  void dualStackNetworksGetAnIpv6RangeSetAndDefaultRoute() {
    var bridge = CniConfigs.bridge(dualStack(true, null, null), Path.of("/d"), false).plugins().getFirst();
    var ipam = (Map<String, Object>) bridge.get("ipam");
    assertThat(ipam).containsEntry("ranges", List.of(
            List.of(Map.of("subnet", "10.5.0.0/24", "gateway", "10.5.0.1")),
            List.of(Map.of("subnet", "fd1b:5::/64", "gateway", "fd1b:5::1"))))
        .containsEntry("routes", List.of(Map.of("dst", "0.0.0.0/0"), Map.of("dst", "::/0")));
    assertThat((Map<String, Object>) bridge.get("capabilities")).containsEntry("ips", true);
  }

  @Test
  @SuppressWarnings("unchecked")
  void ipv6GatewayAndRangeAreHonoured() {
    var bridge = CniConfigs.bridge(dualStack(true, "fd1b:5::/80", "fd1b:5::fe"), Path.of("/d"), false).plugins().getFirst();
    var ranges = (List<List<Map<String, Object>>>) ((Map<String, Object>) bridge.get("ipam")).get("ranges");
    assertThat(ranges.get(1).getFirst()).containsEntry("gateway", "fd1b:5::fe")
        .containsEntry("rangeStart", "fd1b:5::1").containsEntry("rangeEnd", "fd1b:5::ffff:ffff:ffff");
  }

  @Test
  @SuppressWarnings("unchecked")
  void anIpv6SubnetWithoutEnableIpv6IsNotUsed() {
    var bridge = CniConfigs.bridge(dualStack(false, null, null), Path.of("/d"), false).plugins().getFirst();
    var ipam = (Map<String, Object>) bridge.get("ipam");
    assertThat((List<?>) ipam.get("ranges")).hasSize(1);
    assertThat(ipam).containsEntry("routes", List.of(Map.of("dst", "0.0.0.0/0")));
  }
}
