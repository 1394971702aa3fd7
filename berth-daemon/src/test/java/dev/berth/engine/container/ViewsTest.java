package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewsTest {
  @Test
  void portListHasOneEntryPerBindingAndOneForEachUnpublishedExposedPort() {
    var ports = new LinkedHashMap<String, Object>();
    ports.put("80/tcp", List.of(Map.of("HostIp", "0.0.0.0", "HostPort", "8080"), Map.of("HostIp", "127.0.0.1", "HostPort", "9090")));
    ports.put("53/udp", List.of(Map.of("HostIp", "0.0.0.0", "HostPort", "5353")));
    ports.put("7000/tcp", null);
    ports.put("7001/tcp", new ArrayList<>());

    assertThat(Views.portList(ports)).containsExactly(
        Map.of("IP", "0.0.0.0", "PrivatePort", 80, "PublicPort", 8080, "Type", "tcp"),
        Map.of("IP", "127.0.0.1", "PrivatePort", 80, "PublicPort", 9090, "Type", "tcp"),
        Map.of("IP", "0.0.0.0", "PrivatePort", 53, "PublicPort", 5353, "Type", "udp"),
        Map.of("PrivatePort", 7000, "Type", "tcp"),
        Map.of("PrivatePort", 7001, "Type", "tcp"));
  }

  @Test
  void noPortsGiveAnEmptyList() {
    assertThat(Views.portList(null)).isEmpty();
    assertThat(Views.portList(Map.of())).isEmpty();
  }
}
