package dev.berth.engine.network;

import dev.berth.netplug.Cidr;
import dev.berth.netplug.Cidr6;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A network as stored under {@code <data-root>/network/networks/<id>.json}.
 *
 * @param type "bridge" (CNI bridge network), "host" or "null" (the predefined none)
 * @param bridge the Linux bridge name, null unless {@code type} is bridge
 * @param defaultBridge whether this is the predefined {@code bridge} network
 */
record NetworkRecord(
    String id,
    String name,
    String driver,
    String created,
    boolean internal,
    boolean attachable,
    boolean enableIPv6,
    boolean ipMasq,
    String ipamDriver,
    Map<String, String> ipamOptions,
    List<IpamPool> ipam,
    Map<String, String> options,
    Map<String, String> labels,
    String bridge,
    int mtu,
    boolean defaultBridge) {

  boolean isBridge() {
    return driver.equals("bridge");
  }

  /** Whether containers join it through a CNI chain (bridge, macvlan, ipvlan). */
  boolean usesCni() {
    return isBridge() || driver.equals("macvlan") || driver.equals("ipvlan");
  }

  boolean predefined() {
    return defaultBridge || driver.equals("host") || driver.equals("null");
  }

  /** The IPv4 pool (stored first, as dockerd lists it). */
  IpamPool ipv4Pool() {
    return ipam.stream().filter(p -> !Cidr6.isIpv6(p.subnet())).findFirst().orElse(ipam.getFirst());
  }

  Cidr subnet() {
    return Cidr.parse(ipv4Pool().subnet());
  }

  Cidr gatewayCidr() {
    return new Cidr(Cidr.parseAddress(ipv4Pool().gateway()), subnet().prefix());
  }

  /** The IPv6 pool containers take addresses from: only with EnableIPv6 (dockerd ignores it otherwise). */
  Optional<IpamPool> ipv6Pool() {
    return enableIPv6 && ipam != null ? ipam.stream().filter(p -> Cidr6.isIpv6(p.subnet())).findFirst() : Optional.empty();
  }

  /** The IPv6 subnet, when containers get IPv6 addresses here. */
  Optional<Cidr6> subnet6() {
    return ipv6Pool().map(p -> Cidr6.parse(p.subnet()));
  }

  /** The bridge's IPv6 address with the subnet's prefix: the given gateway, else the subnet's first address. */
  Optional<Cidr6> gatewayCidr6() {
    return ipv6Pool().map(p -> {
      var subnet = Cidr6.parse(p.subnet());
      var gw = p.gateway() == null || p.gateway().isEmpty() ? subnet.host(1) : Cidr6.parseAddress(p.gateway());
      return new Cidr6(gw, subnet.prefix());
    });
  }

  /** The CNI network name: the network id (unique across daemons, stable, valid for CNI). */
  String cniName() {
    return "berth-" + id.substring(0, 12);
  }

  String shortId() {
    return id.substring(0, 12);
  }

  NetworkRecord withIpam(List<IpamPool> pools) {
    return new NetworkRecord(id, name, driver, created, internal, attachable, enableIPv6, ipMasq, ipamDriver,
        ipamOptions, pools, options, labels, bridge, mtu, defaultBridge);
  }
}
