package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.Forbidden;
import dev.berth.netplug.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetChooserTest {
  @Test
  void takesTheFirstDefaultPoolWhenNothingOverlaps() {
    assertThat(SubnetChooser.choose(AddressPool.dockerDefaults(), List.of(Cidr.parse("192.0.2.0/24"))))
        .isEqualTo(Cidr.parse("172.17.0.0/16"));
  }

  @Test
  void skipsDockerdsDocker0AndOtherNetworks() {
    var taken = List.of(Cidr.parse("172.17.0.0/16"), Cidr.parse("172.18.0.0/16"));
    assertThat(SubnetChooser.choose(AddressPool.dockerDefaults(), taken)).isEqualTo(Cidr.parse("172.19.0.0/16"));
  }

  @Test
  void aSmallRouteInsideACandidateMakesItTaken() {
    var taken = List.of(Cidr.parse("172.17.5.0/24"));
    assertThat(SubnetChooser.choose(AddressPool.dockerDefaults(), taken)).isEqualTo(Cidr.parse("172.18.0.0/16"));
  }

  @Test
  void splitsPoolsIntoSubnetsOfTheGivenSize() {
    var pools = List.of(AddressPool.of("10.10.0.0/16", 24));
    assertThat(SubnetChooser.choose(pools, List.of(Cidr.parse("10.10.0.0/24"), Cidr.parse("10.10.1.0/24"))))
        .isEqualTo(Cidr.parse("10.10.2.0/24"));
  }

  @Test
  void exhaustedPoolsGiveDockerdsError() {
    var pools = List.of(AddressPool.of("10.10.0.0/24", 24));
    assertThatThrownBy(() -> SubnetChooser.choose(pools, List.of(Cidr.parse("10.0.0.0/8"))))
        .isInstanceOf(Forbidden.class)
        .hasMessage("could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network");
  }

  @Test
  void ipv6PoolsSkipHostRoutesAndOtherNetworks() {
    var pools = List.of(AddressPool6.of("fd1b:100::/48", 64));
    var taken = List.of(dev.berth.netplug.Cidr6.parse("fd1b:100::/64"), dev.berth.netplug.Cidr6.parse("fd1b:100:0:1::/64"));
    assertThat(SubnetChooser.choose6(pools, taken)).isEqualTo(dev.berth.netplug.Cidr6.parse("fd1b:100:0:2::/64"));
  }

  @Test
  void aLargeTakenBlockIsSkippedWhole() {
    var pools = List.of(AddressPool6.of("fd00::/8", 64), AddressPool6.of("fd1b:200::/48", 64));
    var taken = List.of(dev.berth.netplug.Cidr6.parse("fd00::/9"));
    assertThat(SubnetChooser.choose6(pools, taken)).isEqualTo(dev.berth.netplug.Cidr6.parse("fd80::/64"));
  }

  @Test
  void noIpv6PoolsGiveMobysError() {
    assertThatThrownBy(() -> SubnetChooser.choose6(List.of(), List.of()))
        .isInstanceOf(dev.berth.engine.error.NotFound.class)
        .hasMessage("could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network");
  }
}
