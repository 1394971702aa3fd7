package dev.berth.netplug;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IptablesTest {
  @Test
  void masqueradeChainNameMatchesTheBridgePlugins() {
    // Observed on this host: network "berth-579f913631ee", container 579eafe9… → CNI-1052f5cdbc7d2cc0098bed20
    var id = "579eafe9f3ed6eda01c9899c5bb982ce8d5ae71b2570c7877308fd37dde1d18a";
    assertThat("CNI-" + Iptables.sha512Hex("berth-579f913631ee" + id).substring(0, 24)).isEqualTo("CNI-1052f5cdbc7d2cc0098bed20");
  }
}
