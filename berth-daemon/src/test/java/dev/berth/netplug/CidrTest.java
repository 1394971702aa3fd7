package dev.berth.netplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {
  @Test
  void parsesAndFormatsHighAddressesUnsigned() {
    var c = Cidr.parse("192.168.16.0/20");
    assertThat(c.toString()).isEqualTo("192.168.16.0/20");
    assertThat(Cidr.format(c.host(1))).isEqualTo("192.168.16.1");
    assertThat(c.size()).isEqualTo(4096);
    assertThat(c.contains(Cidr.parseAddress("192.168.31.255"))).isTrue();
    assertThat(c.contains(Cidr.parseAddress("192.168.32.0"))).isFalse();
  }

  @Test
  void overlapIsContainmentEitherWay() {
    assertThat(Cidr.parse("172.16.0.0/12").overlaps(Cidr.parse("172.17.0.0/16"))).isTrue();
    assertThat(Cidr.parse("172.17.0.0/16").overlaps(Cidr.parse("172.16.0.0/12"))).isTrue();
    assertThat(Cidr.parse("172.17.0.0/16").overlaps(Cidr.parse("172.18.0.0/16"))).isFalse();
  }

  @Test
  void networkClearsHostBits() {
    assertThat(Cidr.parse("10.20.0.1/24").network().toString()).isEqualTo("10.20.0.0/24");
    assertThat(Cidr.parse("10.20.0.1/24").isNetwork()).isFalse();
  }

  @Test
  void rejectsMalformedAddresses() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0/24")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("10.0.0.256/24")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).isInstanceOf(IllegalArgumentException.class);
  }
}
