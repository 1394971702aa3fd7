package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoppedNetworkSettingsTest {
  private static final String ID = "0123456789abcdef".repeat(4);

  @Test
  void theLastStartsSettingsLoseTheirAddressesAndFollowTheNetworksNow() {
    var bridge = new LinkedHashMap<String, Object>();
    bridge.put("NetworkID", "n1");
    bridge.put("IPAddress", "172.17.0.2");
    bridge.put("IPPrefixLen", 16);
    bridge.put("Gateway", "172.17.0.1");
    var last = new LinkedHashMap<String, Object>();
    last.put("SandboxKey", "/run/netns/x");
    last.put("IPAddress", "172.17.0.2");
    last.put("Ports", Map.of("80/tcp", "x"));
    last.put("Networks", Map.of("bridge", bridge));

    var now = StoppedNetworkSettings.of(last, Map.of("bridge", Map.of()), "default", ID);
    assertThat(now).containsEntry("IPAddress", "").containsEntry("SandboxKey", "/run/netns/x").containsEntry("Ports", Map.of());
    @SuppressWarnings("unchecked")
    var kept = (Map<String, Object>) ((Map<String, Object>) now.get("Networks")).get("bridge");
    assertThat(kept).containsEntry("NetworkID", "n1").containsEntry("IPAddress", "").containsEntry("IPPrefixLen", 0)
        .containsEntry("Gateway", "");

    // Disconnected while stopped: gone; connected while stopped: not yet connected.
    var moved = StoppedNetworkSettings.of(last, Map.of("web", Map.of()), "default", ID);
    @SuppressWarnings("unchecked")
    var networks = (Map<String, Map<String, Object>>) moved.get("Networks");
    assertThat(networks).containsOnlyKeys("web");
    assertThat(networks.get("web")).containsEntry("NetworkID", "").containsEntry("Aliases", java.util.List.of(ID.substring(0, 12)));
    assertThat((Map<?, ?>) StoppedNetworkSettings.of(last, Map.of(), "default", ID).get("Networks")).isEmpty();
  }
}
