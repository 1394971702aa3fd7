package dev.berth.daemon;

import dev.berth.engine.network.AddressPool;
import dev.berth.engine.network.AddressPool6;
import dev.berth.netplug.Cidr6;
import dev.berth.engine.network.NetworkOptions;
import java.nio.file.Path;

/** Maps the daemon configuration (dockerd's names) to the network service's options. */
final class NetworkWiring {
  private NetworkWiring() {}

  static NetworkOptions options(DaemonConfig c) {
    var defaults = NetworkOptions.defaults(c.dataRoot(), c.execRoot());
    var bridge = c.bridge() == null || c.bridge().isEmpty() ? defaults.defaultBridge() : c.bridge();
    var pools = c.defaultAddressPools().stream().filter(p -> !Cidr6.isIpv6(p.base()))
        .map(p -> AddressPool.of(p.base(), p.size())).toList();
    var pools6 = c.defaultAddressPools().stream().filter(p -> Cidr6.isIpv6(p.base()))
        .map(p -> AddressPool6.of(p.base(), p.size())).toList();
    int mtu = c.settings().get("mtu") instanceof Number n ? n.intValue() : 0;
    boolean ipv6 = Boolean.TRUE.equals(c.settings().get("ipv6"));
    var fixedCidrV6 = c.settings().get("fixed-cidr-v6") instanceof String s ? blankToNull(s) : null;
    return new NetworkOptions(c.dataRoot(), c.execRoot(), bridge, blankToNull(c.bip()), blankToNull(c.fixedCidr()),
        pools, mtu, c.userlandProxy(), Path.of("/usr/lib/cni"), c.dns(), hostGatewayIp(c), null, ipv6, fixedCidrV6,
        pools6);
  }

  /**
   * dockerd's start-up checks of the default bridge's IPv6 settings ({@code daemon/daemon_unix.go}
   * initBridgeDriver, {@code ValidateFixedCIDRV6}), in its words; null when they pass.
   */
  static String ipv6Problem(boolean ipv6, String fixedCidrV6, boolean hostHasIpv6) {
    var fixed = blankToNull(fixedCidrV6);
    if (fixed != null) {
      if (!Cidr6.isIpv6(fixed)) {
        return fixed.contains("/") ? "fixed-cidr-v6 is not an IPv6 subnet" : "invalid CIDR address: " + fixed;
      }
      try {
        Cidr6.parse(fixed);
      } catch (IllegalArgumentException e) {
        return "invalid CIDR address: " + fixed;
      }
    }
    if (!ipv6) {
      return null;
    }
    if (fixed == null) {
      return "IPv6 is enabled for the default bridge, but no subnet is configured. Specify an IPv6 subnet using --fixed-cidr-v6";
    }
    if (!hostHasIpv6) {
      return "IPv6 is enabled for the default bridge, but IPv6 is disabled on this host (net.ipv6.conf.all.disable_ipv6=1)";
    }
    return null;
  }

  /** daemon.json {@code host-gateway-ip} (a string) or {@code host-gateway-ips} / the flag (a list): the IPv4 one. */
  private static String hostGatewayIp(DaemonConfig c) {
    var values = new java.util.ArrayList<String>();
    if (c.settings().get("host-gateway-ip") instanceof String s) values.add(s);
    if (c.settings().get("host-gateway-ips") instanceof java.util.List<?> list) list.forEach(v -> values.add(String.valueOf(v)));
    return values.stream().filter(v -> v.matches("[0-9.]+")).findFirst().orElse(null);
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
