package dev.berth.daemon;

import dev.berth.engine.network.AddressPool;
import dev.berth.engine.network.NetworkOptions;
import java.nio.file.Path;

/** Maps the daemon configuration (dockerd's names) to the network service's options. */
final class NetworkWiring {
  private NetworkWiring() {}

  static NetworkOptions options(DaemonConfig c) {
    var defaults = NetworkOptions.defaults(c.dataRoot(), c.execRoot());
    var bridge = c.bridge() == null || c.bridge().isEmpty() ? defaults.defaultBridge() : c.bridge();
    var pools = c.defaultAddressPools().stream().map(p -> AddressPool.of(p.base(), p.size())).toList();
    int mtu = c.settings().get("mtu") instanceof Number n ? n.intValue() : 0;
    return new NetworkOptions(c.dataRoot(), c.execRoot(), bridge, blankToNull(c.bip()), blankToNull(c.fixedCidr()),
        pools, mtu, c.userlandProxy(), Path.of("/usr/lib/cni"), c.dns(), hostGatewayIp(c), null);
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
