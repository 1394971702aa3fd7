package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.HostConfig;
import dev.berth.model.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortRequestTest {
  private static HostConfig hostConfig(String json) throws Exception {
    return Json.mapper().readValue(json, HostConfig.class);
  }

  @Test
  void bindingsWithAndWithoutHostPortsAndRanges() throws Exception {
    var hc = hostConfig("""
        {"PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}],
                         "53/udp":[{"HostIp":"127.0.0.1","HostPort":""}],
                         "90/tcp":[{"HostPort":"9000-9005"}]}}""");
    assertThat(PortRequest.from(hc, Map.of())).containsExactly(
        new PortRequest("udp", 53, "127.0.0.1", 0, 0),
        new PortRequest("tcp", 80, "0.0.0.0", 8080, 8080),
        new PortRequest("tcp", 90, "0.0.0.0", 9000, 9005));
  }

  @Test
  void publishAllAddsEveryExposedPortNotAlreadyBound() throws Exception {
    var hc = hostConfig("{\"PublishAllPorts\":true,\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"8080\"}]}}");
    assertThat(PortRequest.from(hc, Map.of("80/tcp", Map.of(), "443/tcp", Map.of())))
        .containsExactly(new PortRequest("tcp", 80, "0.0.0.0", 8080, 8080), new PortRequest("tcp", 443, "0.0.0.0", 0, 0));
  }

  @Test
  void badPortsAreInvalidArguments() throws Exception {
    assertThatThrownBy(() -> PortRequest.from(hostConfig("{\"PortBindings\":{\"80/xyz\":[]}}"), Map.of()))
        .isInstanceOf(InvalidArgument.class).hasMessage("invalid proto 'xyz'");
    assertThatThrownBy(() -> PortRequest.from(hostConfig("{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"x\"}]}}"), Map.of()))
        .isInstanceOf(InvalidArgument.class);
  }
}
