package dev.berth.engine.network;

import dev.berth.netplug.Cidr;
import java.util.List;
import java.util.Map;

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

  Cidr subnet() {
    return Cidr.parse(ipam.getFirst().subnet());
  }

  Cidr gatewayCidr() {
    return new Cidr(Cidr.parseAddress(ipam.getFirst().gateway()), subnet().prefix());
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
