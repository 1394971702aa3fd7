package dev.berth.netplug;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.model.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CniResultTest {
  private static final String BRIDGE_RESULT = """
      {"cniVersion":"1.0.0",
       "interfaces":[{"name":"berthx0","mac":"96:ad:53:57:de:c7"},
                     {"name":"veth0306e5bd","mac":"ca:6d:6b:a9:64:5b"},
                     {"name":"eth0","mac":"e6:8a:30:fc:ad:90","sandbox":"/run/berth/netns/c1"}],
       "ips":[{"interface":2,"address":"10.199.0.2/24","gateway":"10.199.0.1"},
              {"interface":2,"address":"fd00::2/64","gateway":"fd00::1"}],
       "dns":{}}
      """;

  @Test
  void findsTheContainerInterfaceAndItsIpv4Address() throws Exception {
    var result = CniResult.parse(Json.mapper().readValue(BRIDGE_RESULT, new TypeReference<Map<String, Object>>() {}));
    assertThat(result.containerInterface("eth0").mac()).isEqualTo("e6:8a:30:fc:ad:90");
    var ip = result.ipv4("eth0");
    assertThat(ip.address()).isEqualTo(Cidr.parse("10.199.0.2/24"));
    assertThat(ip.gateway()).isEqualTo("10.199.0.1");
    assertThat(result.ips()).hasSize(1);
  }

  @Test
  void keepsTheIpv6AddressOfADualStackResult() throws Exception {
    var result = CniResult.parse(Json.mapper().readValue(BRIDGE_RESULT, new TypeReference<Map<String, Object>>() {}));
    var ip6 = result.ipv6("eth0").orElseThrow();
    assertThat(ip6.address()).isEqualTo(Cidr6.parse("fd00::2/64"));
    assertThat(ip6.gateway()).isEqualTo("fd00::1");
    assertThat(result.ipv6("eth1")).isEmpty();
  }

  @Test
  void pluginStdinCarriesNamePrevResultAndOnlyRequestedCapabilities() {
    var net = new CniNetwork("1.0.0", "berth-abc", List.of(Map.of("type", "portmap", "capabilities", Map.of("portMappings", true))));
    var att = new CniAttachment("c1", "/ns", "eth0",
        Map.of("portMappings", List.of(Map.of("hostPort", 8080)), "ips", List.of("10.0.0.2/24")), List.of());
    var conf = CniRuntime.stdinFor(net, net.plugins().getFirst(), att, Map.of("cniVersion", "1.0.0"));
    assertThat(conf).containsEntry("name", "berth-abc").containsEntry("cniVersion", "1.0.0")
        .containsEntry("prevResult", Map.of("cniVersion", "1.0.0"))
        .containsEntry("runtimeConfig", Map.of("portMappings", List.of(Map.of("hostPort", 8080))));
  }
}
