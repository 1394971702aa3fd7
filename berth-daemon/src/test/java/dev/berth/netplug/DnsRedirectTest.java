package dev.berth.netplug;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DnsRedirectTest {
  @Test
  void redirectsPort53OfBothProtocolsToTheListenersAsDockerd() {
    var rules = DnsRedirect.natTable("127.0.0.11", 40001, 40002);
    assertThat(rules).startsWith("*nat\n").endsWith("COMMIT\n")
        .contains("-A OUTPUT -d 127.0.0.11/32 -j DOCKER_OUTPUT\n")
        .contains("-A DOCKER_OUTPUT -d 127.0.0.11/32 -p udp -m udp --dport 53 -j DNAT --to-destination 127.0.0.11:40001\n")
        .contains("-A DOCKER_OUTPUT -d 127.0.0.11/32 -p tcp -m tcp --dport 53 -j DNAT --to-destination 127.0.0.11:40002\n")
        .contains("-A DOCKER_POSTROUTING -s 127.0.0.11/32 -p udp -m udp --sport 40001 -j SNAT --to-source :53\n");
  }
}
