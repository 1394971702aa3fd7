package dev.berth.netplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Cidr6Test {
  @Test
  void printsAsGoDoes() {
    assertThat(Cidr6.parse("FD1B:0000:0:0:0:0:0:1/64").toString()).isEqualTo("fd1b::1/64");
    assertThat(Cidr6.parse("fd1b:bbbb:0:1::fe").addressText()).isEqualTo("fd1b:bbbb:0:1::fe");
    assertThat(Cidr6.parse("::/0").toString()).isEqualTo("::/0");
    assertThat(Cidr6.parse("::1").addressText()).isEqualTo("::1");
    assertThat(Cidr6.parse("1:0:0:1:0:0:0:1").addressText()).isEqualTo("1:0:0:1::1");
    assertThat(Cidr6.parse("1:0:1:1:1:1:1:1").addressText()).isEqualTo("1:0:1:1:1:1:1:1");
    assertThat(Cidr6.parse("fd1b::").addressText()).isEqualTo("fd1b::");
  }

  @Test
  void refusesWhatIsNotIpv6() {
    for (var bad : new String[] {"fd1b:zzzz::/64", "1::2::3", "10.0.0.0/8", "fd1b::/129", "fd1b::/6x", "1:2:3:4:5:6:7:8:9",
        "1:2:3", "12345::", "fd1b::%eth0"}) {
      assertThatThrownBy(() -> Cidr6.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void subnetArithmetic() {
    var subnet = Cidr6.parse("fd1b:1::/64");
    assertThat(subnet.isNetwork()).isTrue();
    assertThat(Cidr6.parse("fd1b:1::5/64").isNetwork()).isFalse();
    assertThat(Cidr6.parse("fd1b:1::5/64").network()).isEqualTo(subnet);
    assertThat(Cidr6.format(subnet.host(1))).isEqualTo("fd1b:1::1");
    assertThat(Cidr6.format(subnet.last())).isEqualTo("fd1b:1::ffff:ffff:ffff:ffff");
    assertThat(subnet.contains(Cidr6.parseAddress("fd1b:1::abcd"))).isTrue();
    assertThat(subnet.contains(Cidr6.parseAddress("fd1b:2::1"))).isFalse();
    assertThat(subnet.overlaps(Cidr6.parse("fd1b::/16"))).isTrue();
    assertThat(Cidr6.parse("fd1b::/16").overlaps(subnet)).isTrue();
    assertThat(subnet.overlaps(Cidr6.parse("fd1b:2::/64"))).isFalse();
    assertThat(subnet.containsCidr(Cidr6.parse("fd1b:1::/80"))).isTrue();
    assertThat(subnet.containsCidr(Cidr6.parse("fd1b::/48"))).isFalse();
  }
}
