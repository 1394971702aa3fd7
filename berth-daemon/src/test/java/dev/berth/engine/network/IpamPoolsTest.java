package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.netplug.HostIpv6;
import dev.berth.netplug.HostRoutes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpamPoolsTest {
  @TempDir Path dir;

  private HostIpv6 kernel(boolean ipv6) throws Exception {
    Files.createDirectories(dir.resolve("sys/net/ipv6/conf/all"));
    Files.createDirectories(dir.resolve("net"));
    Files.writeString(dir.resolve("sys/net/ipv6/conf/all/disable_ipv6"), ipv6 ? "0" : "1");
    Files.writeString(dir.resolve("net/if_inet6"), "");
    return new HostIpv6(dir);
  }

  private IpamPools pools(boolean ipv6) throws Exception {
    var options = NetworkOptions.defaults(dir.resolve("data"), dir.resolve("exec"));
    return new IpamPools(options, new HostRoutes(), kernel(ipv6), new HashMap<>());
  }

  @Test
  void dualStackPoolsListIpv4FirstAsDockerdWhateverTheOrderGiven() throws Exception {
    var given = List.of(new IpamPool("fd1b:7001::/64", null, null, null), new IpamPool("10.231.177.0/24", null, null, null));
    assertThat(pools(true).forCreate(given, true, true)).containsExactly(
        new IpamPool("10.231.177.0/24", null, "10.231.177.1", null), new IpamPool("fd1b:7001::/64", null, null, null));
  }

  @Test
  void anIpv6OnlyRequestStillGetsAnIpv4Pool() throws Exception {
    var out = pools(true).forCreate(List.of(new IpamPool("fd1b:7002::/64", null, null, null)), true, true);
    assertThat(out).hasSize(2);
    assertThat(out.get(0).subnet()).doesNotContain(":");
    assertThat(out.get(1).subnet()).isEqualTo("fd1b:7002::/64");
  }

  @Test
  void ipv6OnAKernelWithoutItIsRefusedClearly() throws Exception {
    var noIpv6 = pools(false);
    assertThatThrownBy(() -> noIpv6.forCreate(List.of(new IpamPool("fd1b:7003::/64", null, null, null)), true, true))
        .isInstanceOf(InvalidArgument.class)
        .hasMessage("cannot create an IPv6 network: IPv6 is disabled on this host (net.ipv6.conf.all.disable_ipv6=1)");
    // Without --ipv6 the IPv6 subnet is only kept, so the host's IPv6 does not matter.
    assertThat(noIpv6.forCreate(List.of(new IpamPool("10.231.178.0/24", null, null, null),
        new IpamPool("fd1b:7003::/64", null, null, null)), false, true)).hasSize(2);
  }
}
