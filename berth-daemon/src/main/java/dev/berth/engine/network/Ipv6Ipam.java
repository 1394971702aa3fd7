package dev.berth.engine.network;

import dev.berth.engine.error.Forbidden;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.netplug.Cidr6;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The IPv6 half of a network's IPAM, as moby 25's default IPAM and bridge driver do it: with
 * {@code EnableIPv6} a network gets one IPv6 pool, the one given or else one cut from the IPv6
 * {@code default-address-pools} (moby has none by default, so {@code --ipv6} alone fails with its
 * text); without {@code EnableIPv6} a given IPv6 subnet is kept for inspect and not used. The IPv4
 * pool is still allocated either way (moby 25 has no IPv6-only networks). Errors use the texts
 * Berth gives for the same IPv4 mistakes. Pure.
 */
final class Ipv6Ipam {
  private Ipv6Ipam() {}

  /** The given configs of one family, in the order given. */
  static List<IpamPool> family(List<IpamPool> given, boolean ipv6) {
    var out = new ArrayList<IpamPool>();
    if (given != null) {
      for (var p : given) {
        if (p != null && p.subnet() != null && !p.subnet().isEmpty() && Cidr6.isIpv6(p.subnet()) == ipv6) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /**
   * The IPv6 pools to store for a new network.
   *
   * @param given the request's IPv6 configs ({@link #family})
   * @param networks6 the IPv6 subnets of the other networks
   * @param hostRoutes6 the host's IPv6 routes, Berth's own bridges left out
   */
  static List<IpamPool> pools(List<IpamPool> given, boolean enableIPv6, boolean bridge, List<AddressPool6> defaults,
      Collection<Cidr6> networks6, Collection<Cidr6> hostRoutes6) {
    for (var p : given) {
      parse(p.subnet(), IpamPools.invalidSubnet(p.subnet()));
    }
    if (!enableIPv6) {
      return List.copyOf(given);
    }
    if (given.size() > 1 && bridge) {
      throw new Forbidden("bridge driver doesn't support multiple subnets");
    }
    if (given.isEmpty()) {
      var taken = new ArrayList<>(networks6);
      taken.addAll(hostRoutes6);
      var subnet = SubnetChooser.choose6(defaults, taken);
      return List.of(new IpamPool(subnet.toString(), null, Cidr6.format(subnet.host(1)), null));
    }
    var pool = given.getFirst();
    var subnet = parse(pool.subnet(), IpamPools.invalidSubnet(pool.subnet()));
    if (!subnet.isNetwork()) {
      throw new Forbidden("invalid pool request: Pool " + subnet + " is not a network address");
    }
    if (subnet.prefix() > 126) {
      throw new Forbidden("invalid pool request: Pool " + subnet + " is too small for containers");
    }
    if (networks6.stream().anyMatch(subnet::overlaps)) {
      throw new Forbidden("invalid pool request: Pool overlaps with other one on this address space");
    }
    var gateway = pool.gateway() == null || pool.gateway().isEmpty() ? null : pool.gateway();
    if (gateway != null) {
      var gw = parseAddress(gateway, "invalid gateway address " + gateway);
      if (!subnet.contains(gw)) {
        throw new Forbidden("no matching subnet for gateway " + gateway);
      }
      gateway = Cidr6.format(gw);
    }
    var ipRange = pool.ipRange() == null || pool.ipRange().isEmpty() ? null : pool.ipRange();
    if (ipRange != null) {
      var range = parse(ipRange, "invalid ip-range " + ipRange);
      if (!subnet.containsCidr(range)) {
        throw new Forbidden("no matching subnet for range " + ipRange);
      }
      ipRange = range.toString();
    }
    var aux = pool.auxAddresses();
    if (aux != null) {
      for (var e : aux.entrySet()) {
        var a = parseAddress(e.getValue(), "invalid auxiliary address " + e.getKey() + ": " + e.getValue());
        if (!subnet.contains(a)) {
          throw new Forbidden("no matching subnet for aux-address " + e.getValue());
        }
      }
    }
    return List.of(new IpamPool(subnet.toString(), ipRange, gateway, aux));
  }

  /**
   * The container's {@code --ip6}: checked against the network's IPv6 subnet as moby does
   * ({@code api/types/network/endpoint.go}); returns it in canonical form, or null when not given.
   */
  static String endpointAddress(NetworkRecord n, String ip6) {
    if (ip6 == null || ip6.isEmpty()) {
      return null;
    }
    java.math.BigInteger address;
    try {
      address = Cidr6.parseAddress(ip6);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgument("invalid IPv6 address: " + ip6);
    }
    if (address.signum() == 0) {
      throw new InvalidArgument("invalid IPv6 address: " + ip6);
    }
    var subnet = n.subnet6();
    if (subnet.isEmpty()) {
      throw new InvalidArgument(
          "user specified IP address is supported only when connecting to networks with user configured subnets");
    }
    if (!subnet.get().contains(address)) {
      throw new InvalidArgument("no configured subnet or ip-range contain the IP address " + ip6);
    }
    return Cidr6.format(address);
  }

  private static Cidr6 parse(String text, String error) {
    try {
      return Cidr6.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgument(error);
    }
  }

  private static java.math.BigInteger parseAddress(String text, String error) {
    try {
      return Cidr6.parseAddress(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgument(error);
    }
  }
}
