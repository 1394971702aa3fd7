package dev.berth.netplug;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A CNI 1.0.0 result, parsed: the interfaces the chain made and the IPs given to them. {@link #raw()}
 * is the JSON as the last plugin printed it, kept for DEL's {@code prevResult}.
 */
public record CniResult(List<Interface> interfaces, List<Ip> ips, List<Ip6> ips6, Map<String, Object> raw) {
  public record Interface(String name, String mac, String sandbox) {}

  /** @param iface index into {@link #interfaces()}, or -1 when the plugin gave none */
  public record Ip(Cidr address, String gateway, int iface) {}

  /** An IPv6 address of the result; {@code iface} as in {@link Ip}. */
  public record Ip6(Cidr6 address, String gateway, int iface) {}

  @SuppressWarnings("unchecked")
  public static CniResult parse(Map<String, Object> raw) {
    var interfaces = new ArrayList<Interface>();
    for (var i : (List<Map<String, Object>>) raw.getOrDefault("interfaces", List.of())) {
      interfaces.add(new Interface(str(i.get("name")), str(i.get("mac")), str(i.get("sandbox"))));
    }
    var ips = new ArrayList<Ip>();
    var ips6 = new ArrayList<Ip6>();
    for (var ip : (List<Map<String, Object>>) raw.getOrDefault("ips", List.of())) {
      var address = str(ip.get("address"));
      var iface = ip.get("interface") instanceof Number n ? n.intValue() : -1;
      if (Cidr6.isIpv6(address)) {
        ips6.add(new Ip6(Cidr6.parse(address), str(ip.get("gateway")), iface));
      } else {
        ips.add(new Ip(Cidr.parse(address), str(ip.get("gateway")), iface));
      }
    }
    return new CniResult(List.copyOf(interfaces), List.copyOf(ips), List.copyOf(ips6), raw);
  }

  /** The container-side interface called {@code ifName} (the one with a sandbox). */
  public Interface containerInterface(String ifName) {
    for (var i : interfaces) {
      if (i.name().equals(ifName) && !i.sandbox().isEmpty()) {
        return i;
      }
    }
    throw new NetworkOperationException("CNI result has no interface " + ifName);
  }

  /** The first IPv4 address on the container interface {@code ifName}. */
  public Ip ipv4(String ifName) {
    for (var ip : ips) {
      if (ip.iface() < 0 || (ip.iface() < interfaces.size() && interfaces.get(ip.iface()).name().equals(ifName))) {
        return ip;
      }
    }
    throw new NetworkOperationException("CNI result has no IPv4 address for " + ifName);
  }

  /** The first IPv6 address on the container interface {@code ifName}, if the chain gave one. */
  public java.util.Optional<Ip6> ipv6(String ifName) {
    return ips6.stream()
        .filter(ip -> ip.iface() < 0 || (ip.iface() < interfaces.size() && interfaces.get(ip.iface()).name().equals(ifName)))
        .findFirst();
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}
