package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.Forbidden;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.netplug.Cidr6;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ipv6IpamTest {
  private static List<IpamPool> pools(List<IpamPool> given) {
    return Ipv6Ipam.pools(Ipv6Ipam.family(given, true), true, true, List.of(), List.of(Cidr6.parse("fd1b:1::/64")),
        List.of(Cidr6.parse("fd00::/64")));
  }

  private static IpamPool pool(String subnet, String range, String gateway) {
    return new IpamPool(subnet, range, gateway, null);
  }

  @Test
  void splitsConfigsByFamily() {
    var given = List.of(pool("fd1b:2::/64", null, null), pool("10.1.0.0/24", null, null));
    assertThat(Ipv6Ipam.family(given, true)).containsExactly(given.get(0));
    assertThat(Ipv6Ipam.family(given, false)).containsExactly(given.get(1));
  }

  @Test
  void keepsAGivenSubnetGatewayAndRangeAsDockerdShowsThem() {
    assertThat(pools(List.of(pool("fd1b:2::/64", null, null)))).containsExactly(pool("fd1b:2::/64", null, null));
    assertThat(pools(List.of(pool("FD1B:2:0::/64", "fd1b:2::/80", "fd1b:2::00fe"))))
        .containsExactly(pool("fd1b:2::/64", "fd1b:2::/80", "fd1b:2::fe"));
  }

  @Test
  void badInputGetsTheTextsOfTheIpv4Checks() {
    assertThatThrownBy(() -> pools(List.of(pool("fd1b:zzzz::/64", null, null)))).isInstanceOf(InvalidArgument.class)
        .hasMessage("Invalid subnet fd1b:zzzz::/64 : invalid CIDR address: fd1b:zzzz::/64");
    assertThatThrownBy(() -> pools(List.of(pool("fd1b:2::1/64", null, null)))).isInstanceOf(Forbidden.class)
        .hasMessage("invalid pool request: Pool fd1b:2::1/64 is not a network address");
    assertThatThrownBy(() -> pools(List.of(pool("fd1b:1::/48", null, null)))).isInstanceOf(Forbidden.class)
        .hasMessage("invalid pool request: Pool overlaps with other one on this address space");
    assertThatThrownBy(() -> pools(List.of(pool("fd1b:2::/64", null, "fd1b:3::1")))).isInstanceOf(Forbidden.class)
        .hasMessage("no matching subnet for gateway fd1b:3::1");
    assertThatThrownBy(() -> pools(List.of(pool("fd1b:2::/64", null, "zz::1")))).isInstanceOf(InvalidArgument.class)
        .hasMessage("invalid gateway address zz::1");
    assertThatThrownBy(() -> pools(List.of(pool("fd1b:2::/64", "fd1b:3::/80", null)))).isInstanceOf(Forbidden.class)
        .hasMessage("no matching subnet for range fd1b:3::/80");
    assertThatThrownBy(() -> pools(List.of(pool("fd1b:2::/64", null, null), pool("fd1b:3::/64", null, null))))
        .isInstanceOf(Forbidden.class).hasMessage("bridge driver doesn't support multiple subnets");
  }

  @Test
  void withoutEnableIpv6AGivenSubnetIsOnlyKept() {
    var given = List.of(pool("fd1b:1::/64", null, null));
    assertThat(Ipv6Ipam.pools(given, false, true, List.of(), List.of(Cidr6.parse("fd1b:1::/64")), List.of()))
        .isEqualTo(given);
  }

  @Test
  void noGivenSubnetTakesOneFromTheIpv6PoolsOrFailsAsMoby() {
    assertThatThrownBy(() -> pools(List.of())).isInstanceOf(NotFound.class)
        .hasMessage("could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network");
    var chosen = Ipv6Ipam.pools(List.of(), true, true, List.of(AddressPool6.of("fd00::/48", 64)),
        List.of(Cidr6.parse("fd00:0:0:1::/64")), List.of(Cidr6.parse("fd00::/64")));
    assertThat(chosen).containsExactly(pool("fd00:0:0:2::/64", null, "fd00:0:0:2::1"));
  }
}
