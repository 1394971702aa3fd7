package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.netplug.PortProxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortPublisherTest {
  private static final List<PortRequest> ANY_PORT = List.of(new PortRequest("tcp", 80, "0.0.0.0", 0, 0));

  @Test
  void onAnIpv6HostAPortOnEveryAddressIsReportedOn0000AndOnColonColonAsDockerdDoes() throws Exception {
    var publisher = new PortPublisher(new PortProxy(false), true);
    try {
      var ports = publisher.publish("c1", "web", "e".repeat(64), ANY_PORT);
      assertThat(ports).hasSize(2);
      assertThat(ports).extracting(EndpointRecord.Published::hostIp).containsExactly("0.0.0.0", "::");
      assertThat(ports.get(1).hostPort()).isEqualTo(ports.get(0).hostPort());
      // One dual-stack socket holds the port for both families.
      try (var probe = new java.net.Socket("::1", ports.get(0).hostPort())) {
        assertThat(probe.isConnected()).isTrue();
      }
      // portmap gets the port once ("" covers both families).
      assertThat(CniConfigs.portMappings(ports)).containsExactly(
          Map.of("hostPort", ports.get(0).hostPort(), "containerPort", 80, "protocol", "tcp", "hostIP", ""));
    } finally {
      publisher.release("c1");
    }
  }

  @Test
  void withoutIpv6OnlyTheIpv4PortIsReported() {
    var publisher = new PortPublisher(new PortProxy(false), false);
    try {
      assertThat(publisher.publish("c2", "web", "e".repeat(64), ANY_PORT)).extracting(EndpointRecord.Published::hostIp)
          .containsExactly("0.0.0.0");
    } finally {
      publisher.release("c2");
    }
  }
}
