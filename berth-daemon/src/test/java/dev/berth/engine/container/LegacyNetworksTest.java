package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LegacyNetworksTest {
  @Test
  void theModesNetworkComesFirstWithTheSettingsStoredForIt() {
    var stored = Map.<String, Object>of("default", Map.of("Aliases", List.of("a")));
    assertThat(LegacyNetworks.complete(Map.of("bridge", Map.of()), stored))
        .containsExactly(Map.entry("bridge", Map.of("Aliases", List.of("a"))));
  }

  @Test
  void networksConnectedBesidesTheModesAreKept() {
    var stored = new java.util.LinkedHashMap<String, Object>();
    stored.put("side", Map.of("IPAMConfig", Map.of("IPv4Address", "10.0.0.9")));
    assertThat(LegacyNetworks.complete(Map.of("appnet", Map.of()), stored))
        .containsExactly(Map.entry("appnet", Map.of()), Map.entry("side", Map.of("IPAMConfig", Map.of("IPv4Address", "10.0.0.9"))));
  }

  @Test
  void containerModeGainsNothing() {
    assertThat(LegacyNetworks.complete(Map.of(), Map.of())).isEmpty();
  }

  @Test
  void recordsSayTheyAreCompleteAndOldOnesDoNot() throws Exception {
    var written = Json.mapper().writeValueAsString(new ContainerRecord("id", null, "sh", List.of(), null, null, List.of(),
        "/n", 0, "linux", null, null, null, null, Map.of(), Map.of("bridge", Map.of()), Map.of(), null));
    assertThat(Json.mapper().readValue(written, LegacyNetworks.Marker.class).complete()).isTrue();
    assertThat(Json.mapper().readValue("{\"ID\":\"id\",\"EndpointsConfig\":{}}", LegacyNetworks.Marker.class).complete()).isFalse();
    // and the record still reads back with the marker in it
    assertThat(Json.mapper().readValue(written, ContainerRecord.class).endpointsConfig()).containsKey("bridge");
  }
}
