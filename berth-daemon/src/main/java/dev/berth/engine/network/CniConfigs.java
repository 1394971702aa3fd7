package dev.berth.engine.network;

import dev.berth.netplug.Cidr;
import dev.berth.netplug.Cidr6;
import dev.berth.netplug.CniNetwork;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the CNI conflist of a bridge network: bridge (with host-local IPAM whose leases live
 * under the data root) → portmap (only for an interface that publishes ports: portmap's DEL is the
 * slowest step of the chain) → firewall. Pure.
 */
final class CniConfigs {
  static final String CNI_VERSION = "1.0.0";

  private CniConfigs() {}

  /** The chain for any CNI-backed network. */
  static CniNetwork forNetwork(NetworkRecord network, Path ipamDataDir, boolean publishesPorts) {
    return switch (network.driver()) {
      case "macvlan", "ipvlan" -> vlan(network, ipamDataDir);
      default -> bridge(network, ipamDataDir, publishesPorts);
    };
  }

  /** macvlan/ipvlan on {@code -o parent}: one plugin, the containers appear on the parent's segment. */
  static CniNetwork vlan(NetworkRecord network, Path ipamDataDir) {
    var conf = new LinkedHashMap<String, Object>();
    conf.put("type", network.driver());
    conf.put("master", network.options().get("parent"));
    var mode = network.driver().equals("macvlan")
        ? network.options().getOrDefault("macvlan_mode", "bridge")
        : network.options().getOrDefault("ipvlan_mode", "l2");
    conf.put("mode", mode);
    if (network.mtu() > 0) {
      conf.put("mtu", network.mtu());
    }
    if (network.driver().equals("macvlan")) {
      conf.put("capabilities", Map.of("mac", true));
    }
    conf.put("ipam", ipam(network, ipamDataDir));
    return new CniNetwork(CNI_VERSION, network.cniName(), List.of(conf));
  }

  static CniNetwork bridge(NetworkRecord network, Path ipamDataDir, boolean publishesPorts) {
    var ipam = ipam(network, ipamDataDir);

    var bridge = new LinkedHashMap<String, Object>();
    bridge.put("type", "bridge");
    bridge.put("bridge", network.bridge());
    // Internal networks get no default route (dockerd: no gateway for the container) and no NAT.
    bridge.put("isGateway", !network.internal());
    bridge.put("ipMasq", network.ipMasq() && !network.internal());
    bridge.put("hairpinMode", true);
    bridge.put("capabilities", Map.of("mac", true, "ips", true)); // --mac-address, --ip6
    if (network.mtu() > 0) {
      bridge.put("mtu", network.mtu());
    }
    bridge.put("ipam", ipam);

    Map<String, Object> portmap = new LinkedHashMap<>();
    portmap.put("type", "portmap");
    portmap.put("capabilities", Map.of("portMappings", true));
    portmap.put("snat", true);
    // IPv6 has no route_localnet: DNAT from ::1 to a container is dropped, so [::1]:port is left to
    // the userland proxy (dockerd's rules skip ::1 the same way); other IPv6 traffic is DNATed.
    portmap.put("conditionsV6", List.of("!", "-d", "::1"));

    Map<String, Object> firewall = new LinkedHashMap<>();
    firewall.put("type", "firewall");
    firewall.put("backend", "iptables");
    var plugins = publishesPorts ? List.of(bridge, portmap, firewall) : List.<Map<String, Object>>of(bridge, firewall);
    return new CniNetwork(CNI_VERSION, network.cniName(), plugins);
  }

  private static Map<String, Object> ipam(NetworkRecord network, Path ipamDataDir) {
    var pool = network.ipv4Pool();
    var subnet = Cidr.parse(pool.subnet());
    var range = new LinkedHashMap<String, Object>();
    range.put("subnet", subnet.network().toString());
    range.put("gateway", pool.gateway());
    if (pool.ipRange() != null && !pool.ipRange().isEmpty()) {
      var ipRange = Cidr.parse(pool.ipRange()).network();
      int first = Integer.compareUnsigned(ipRange.host(0), subnet.host(1)) > 0 ? ipRange.host(0) : subnet.host(1);
      int lastInRange = ipRange.host(ipRange.size() - 1);
      int lastInSubnet = subnet.host(subnet.size() - 2);
      int last = Integer.compareUnsigned(lastInRange, lastInSubnet) < 0 ? lastInRange : lastInSubnet;
      range.put("rangeStart", Cidr.format(first));
      range.put("rangeEnd", Cidr.format(last));
    }
    var ipam = new LinkedHashMap<String, Object>();
    ipam.put("type", "host-local");
    var range6 = network.ipv6Pool().map(CniConfigs::range6);
    ipam.put("ranges", range6.isPresent() ? List.of(List.of(range), List.of(range6.get())) : List.of(List.of(range)));
    if (!network.internal()) {
      // The default routes via the gateways (host-local adds only what is listed here).
      ipam.put("routes", range6.isPresent()
          ? List.of(Map.of("dst", "0.0.0.0/0"), Map.of("dst", "::/0")) : List.of(Map.of("dst", "0.0.0.0/0")));
    }
    ipam.put("dataDir", ipamDataDir.toString());
    return ipam;
  }

  /** host-local's IPv6 range: the subnet, the bridge's address as gateway, --ip-range as first/last address. */
  private static Map<String, Object> range6(IpamPool pool) {
    var subnet = Cidr6.parse(pool.subnet()).network();
    var range = new LinkedHashMap<String, Object>();
    range.put("subnet", subnet.toString());
    var gateway = pool.gateway() == null || pool.gateway().isEmpty() ? Cidr6.format(subnet.host(1)) : pool.gateway();
    range.put("gateway", gateway);
    if (pool.ipRange() != null && !pool.ipRange().isEmpty()) {
      var ipRange = Cidr6.parse(pool.ipRange()).network();
      var first = ipRange.host(0).max(subnet.host(1));
      range.put("rangeStart", Cidr6.format(first));
      range.put("rangeEnd", Cidr6.format(ipRange.last().min(subnet.last())));
    }
    return range;
  }

  /** portmap's runtime config for the published ports. */
  static List<Map<String, Object>> portMappings(List<EndpointRecord.Published> ports) {
    return ports.stream()
        .filter(p -> !PortPublisher.isTwin(p, ports)) // portmap's "" host address covers both families
        .map(p -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("hostPort", p.hostPort());
          m.put("containerPort", p.containerPort());
          m.put("protocol", p.proto());
          m.put("hostIP", p.hostIp().equals("0.0.0.0") ? "" : p.hostIp());
          return m;
        })
        .toList();
  }
}
