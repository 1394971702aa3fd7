package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkViewsTest {
  private static final String CID = "abcdef0123456789" + "0".repeat(48);

  private static NetworkRecord network(String name, boolean defaultBridge) {
    return new NetworkRecord((defaultBridge ? "b" : "u").repeat(64), name, "bridge", "2026-01-01T00:00:00Z", false, false,
        false, true, "default", null, List.of(new IpamPool("10.9.0.0/16", null, "10.9.0.1", null)), Map.of(), Map.of(),
        "br-x", 0, defaultBridge);
  }

  private static EndpointRecord.Attachment attachment(NetworkRecord n) {
    return new EndpointRecord.Attachment(n.id(), n.name(), "eth0", "e".repeat(64), "10.9.0.2", 16, "10.9.0.1",
        "02:42:0a:09:00:02", null, null, null, null, null, null);
  }

  @Test
  void defaultBridgeFillsTheTopLevelAddressFieldsAndPorts() {
    var bridge = network("bridge", true);
    var record = new EndpointRecord(CID, "web", "h", "bridge", "/run/berth/netns/" + CID, "s".repeat(64),
        List.of(attachment(bridge)), List.of(new EndpointRecord.Published("tcp", 80, "0.0.0.0", 8080)),
        Map.of("80/tcp", Map.of(), "53/udp", Map.of()), List.of(), Map.of(), null);
    var s = NetworkViews.settings(record, Map.of(bridge.id(), bridge));
    assertThat(s).containsEntry("IPAddress", "10.9.0.2").containsEntry("IPPrefixLen", 16)
        .containsEntry("Gateway", "10.9.0.1").containsEntry("MacAddress", "02:42:0a:09:00:02")
        .containsEntry("SandboxKey", "/run/berth/netns/" + CID);
    @SuppressWarnings("unchecked")
    var ports = (Map<String, Object>) s.get("Ports");
    assertThat(ports).containsEntry("53/udp", null);
    assertThat(ports.get("80/tcp")).isEqualTo(List.of(Map.of("HostIp", "0.0.0.0", "HostPort", "8080")));
    @SuppressWarnings("unchecked")
    var networks = (Map<String, Map<String, Object>>) s.get("Networks");
    assertThat(networks.get("bridge")).containsEntry("NetworkID", bridge.id()).containsEntry("IPAMConfig", null)
        .containsEntry("Aliases", null).containsEntry("DNSNames", null);
  }

  @Test
  void userNetworksLeaveTheTopLevelAddressEmpty() {
    var user = network("app", false);
    var record = new EndpointRecord(CID, "web", "h", "bridge", "/ns", "s", List.of(attachment(user)), List.of(), Map.of(), List.of(),
        Map.of(), null);
    var s = NetworkViews.settings(record, Map.of(user.id(), user));
    assertThat(s).containsEntry("IPAddress", "").containsEntry("Gateway", "");
  }

  @Test
  void networkInspectListsAttachedContainers() {
    var user = network("app", false);
    var record = new EndpointRecord(CID, "web", "h", "bridge", "/ns", "s", List.of(attachment(user)), List.of(), Map.of(), List.of(),
        Map.of(), null);
    @SuppressWarnings("unchecked")
    var containers = (Map<String, Map<String, Object>>) NetworkViews.network(user, List.of(record)).get("Containers");
    assertThat(containers.get(CID)).containsEntry("Name", "web").containsEntry("IPv4Address", "10.9.0.2/16");
  }

  @Test
  void userNetworksGetAliasesAndDnsNamesWithTheShortId() {
    var target = AttachPlan.target(network("app", false), Map.of("Aliases", List.of("db")));
    assertThat(target.aliases(CID)).containsExactly("db", CID.substring(0, 12));
    assertThat(target.dnsNames("web", CID)).containsExactly("web", "db", CID.substring(0, 12));
  }

  @Test
  void theDefaultBridgeRefusesFixedIpsAndAliasesWithDockerdsText() {
    var bridge = network("bridge", true);
    assertThatThrownBy(() -> AttachPlan.target(bridge, Map.of("IPAMConfig", Map.of("IPv4Address", "10.9.0.9"))))
        .isInstanceOf(InvalidArgument.class)
        .hasMessage("user specified IP address is supported on user defined networks only");
    assertThatThrownBy(() -> AttachPlan.target(bridge, Map.of("Aliases", List.of("x"))))
        .isInstanceOf(InvalidArgument.class)
        .hasMessage("network-scoped alias is supported only for containers in user defined networks");
    assertThatThrownBy(() -> AttachPlan.target(network("app", false), Map.of("IPAMConfig", Map.of("IPv4Address", "10.8.0.9"))))
        .isInstanceOf(InvalidArgument.class);
  }

  private static NetworkRecord network6(String name, boolean defaultBridge) {
    return new NetworkRecord((defaultBridge ? "b" : "u").repeat(64), name, "bridge", "2026-01-01T00:00:00Z", false, false,
        true, true, "default", null, List.of(new IpamPool("10.9.0.0/16", null, "10.9.0.1", null),
            new IpamPool("fd1b:9::/64", null, null, null)), Map.of(), Map.of(), "br-x", 0, defaultBridge);
  }

  @Test
  void dualStackEndpointsShowTheirIpv6AddressEverywhereDockerdDoes() {
    var bridge = network6("bridge", true);
    var a = attachment(bridge).withIpv6("fd1b:9::2", 64, "fd1b:9::1");
    var record = new EndpointRecord(CID, "web", "h", "bridge", "/ns", "s", List.of(a), List.of(), Map.of(), List.of(),
        Map.of(), null);
    var s = NetworkViews.settings(record, Map.of(bridge.id(), bridge));
    assertThat(s).containsEntry("GlobalIPv6Address", "fd1b:9::2").containsEntry("GlobalIPv6PrefixLen", 64)
        .containsEntry("IPv6Gateway", "fd1b:9::1");
    @SuppressWarnings("unchecked")
    var endpoint = ((Map<String, Map<String, Object>>) s.get("Networks")).get("bridge");
    assertThat(endpoint).containsEntry("GlobalIPv6Address", "fd1b:9::2").containsEntry("GlobalIPv6PrefixLen", 64)
        .containsEntry("IPv6Gateway", "fd1b:9::1");
    @SuppressWarnings("unchecked")
    var containers = (Map<String, Map<String, Object>>) NetworkViews.network(bridge, List.of(record)).get("Containers");
    assertThat(containers.get(CID)).containsEntry("IPv6Address", "fd1b:9::2/64");
  }

  @Test
  void ip6IsShownInIpamConfigAndCheckedAgainstTheSubnet() {
    var user = network6("app", false);
    var target = AttachPlan.target(user, Map.of("IPAMConfig", Map.of("IPv6Address", "FD1B:9::0099")));
    assertThat(target.ip6()).isEqualTo("fd1b:9::99");
    var a = attachment(user).withRequestedIpv6("fd1b:9::99");
    assertThat(NetworkViews.endpoint(a)).containsEntry("IPAMConfig", Map.of("IPv6Address", "fd1b:9::99"));
    assertThatThrownBy(() -> AttachPlan.target(user, Map.of("IPAMConfig", Map.of("IPv6Address", "fd1b:8::9"))))
        .isInstanceOf(InvalidArgument.class)
        .hasMessage("no configured subnet or ip-range contain the IP address fd1b:8::9");
    assertThatThrownBy(() -> AttachPlan.target(user, Map.of("IPAMConfig", Map.of("IPv6Address", "fd1b::zz"))))
        .isInstanceOf(InvalidArgument.class).hasMessage("invalid IPv6 address: fd1b::zz");
    assertThatThrownBy(() -> AttachPlan.target(network("v4", false), Map.of("IPAMConfig", Map.of("IPv6Address", "fd1b:9::9"))))
        .isInstanceOf(InvalidArgument.class)
        .hasMessage("user specified IP address is supported only when connecting to networks with user configured subnets");
    assertThatThrownBy(() -> AttachPlan.target(network6("bridge", true), Map.of("IPAMConfig", Map.of("IPv6Address", "fd1b:9::9"))))
        .isInstanceOf(InvalidArgument.class)
        .hasMessage("user specified IP address is supported on user defined networks only");
  }
}
