package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModeNetworksTest {
  private static NetworkRecord network(String id, String name, String driver, boolean defaultBridge) {
    return new NetworkRecord(id.repeat(64 / id.length()), name, driver, "2026-01-01T00:00:00Z", false, false, false, true,
        "default", Map.of(), List.of(), Map.of(), Map.of(), null, 0, defaultBridge);
  }

  private static final NetworkRecord BRIDGE = network("b", "bridge", "bridge", true);
  private static final NetworkRecord HOST = network("h", "host", "host", false);
  private static final NetworkRecord NONE = network("n", "none", "null", false);
  private static final NetworkRecord USER = network("u", "web", "bridge", false);

  @Test
  void atCreateTheModesNetworkIsTheOnlyOneUnlessEndpointsAreGiven() {
    assertThat(ModeNetworks.atCreate("default", Map.of(), ref -> ref)).containsOnlyKeys("bridge");
    assertThat(ModeNetworks.atCreate(null, null, ref -> ref)).containsOnlyKeys("bridge");
    assertThat(ModeNetworks.atCreate("none", Map.of(), ref -> ref)).containsOnlyKeys("none");
    assertThat(ModeNetworks.atCreate("container:abc", Map.of("x", Map.of()), ref -> ref)).isEmpty();
    // An id is kept by its name; "default" is the default bridge's.
    assertThat(ModeNetworks.atCreate("uuu", Map.of(), ref -> ref.equals("uuu") ? "web" : ref)).containsOnlyKeys("web");
    var given = ModeNetworks.atCreate("web", Map.of("web", Map.of("Aliases", List.of("db")), "default", Map.of()), ref -> ref);
    assertThat(given).containsOnlyKeys("web", "bridge").containsEntry("web", Map.of("Aliases", List.of("db")));
  }

  @Test
  void joiningFollowsMobysUpdateNetworkSettings() {
    assertThat(ModeNetworks.mayJoin("default", USER, List.of(BRIDGE))).isTrue();
    assertThat(ModeNetworks.mayJoin("default", USER, List.of())).isTrue();
    assertThat(ModeNetworks.mayJoin("web", USER, List.of(USER))).isFalse();
    assertThat(ModeNetworks.mayJoin("none", USER, List.of())).isTrue();
    assertThat(ModeNetworks.mayJoin("default", NONE, List.of())).isTrue();
    assertThatThrownBy(() -> ModeNetworks.mayJoin("default", HOST, List.of())).isInstanceOf(InvalidArgument.class)
        .hasMessage("container cannot be disconnected from host network or connected to host network");
    assertThatThrownBy(() -> ModeNetworks.mayJoin("host", USER, List.of(HOST)))
        .hasMessage("container sharing network namespace with another container or host cannot be connected to any other network");
    assertThatThrownBy(() -> ModeNetworks.mayJoin("none", USER, List.of(NONE)))
        .hasMessage("container cannot be connected to multiple networks with one of the networks in private (none) mode");
    assertThatThrownBy(() -> ModeNetworks.mayJoin("default", NONE, List.of(BRIDGE)))
        .hasMessage("container cannot be connected to multiple networks with one of the networks in private (none) mode");
  }

  @Test
  void aStoredKeyNamesTheNetworkByNameIdOrDefault() {
    assertThat(ModeNetworks.names("bridge", BRIDGE)).isTrue();
    assertThat(ModeNetworks.names("default", BRIDGE)).isTrue();
    assertThat(ModeNetworks.names(BRIDGE.id(), BRIDGE)).isTrue();
    assertThat(ModeNetworks.names("default", USER)).isFalse();
    assertThat(ModeNetworks.names("web", BRIDGE)).isFalse();
  }
}
