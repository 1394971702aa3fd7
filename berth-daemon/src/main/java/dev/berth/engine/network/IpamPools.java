package dev.berth.engine.network;

import dev.berth.engine.error.Forbidden;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotImplemented;
import dev.berth.netplug.Cidr;
import dev.berth.netplug.Cidr6;
import dev.berth.netplug.HostIpv6;
import dev.berth.netplug.HostRoute6;
import dev.berth.netplug.HostRoutes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The address pools of built-in networks: a create request's IPAM config checked as dockerd checks
 * it, or a free subnet picked from the daemon's pools; and the default bridge's pool from
 * {@code bip}/{@code fixed-cidr} (and {@code fixed-cidr-v6}). IPv4 pools come first, then the IPv6
 * one ({@link Ipv6Ipam}), as dockerd lists them. Not thread-safe: called under
 * {@link NetworkService}'s lock, whose live map of networks it reads.
 */
final class IpamPools {
  private final NetworkOptions options;
  private final HostRoutes routes;
  private final HostIpv6 hostIpv6;
  private final Map<String, NetworkRecord> networks;

  IpamPools(NetworkOptions options, HostRoutes routes, Map<String, NetworkRecord> networks) {
    this(options, routes, new HostIpv6(), networks);
  }

  IpamPools(NetworkOptions options, HostRoutes routes, HostIpv6 hostIpv6, Map<String, NetworkRecord> networks) {
    this.options = options;
    this.routes = routes;
    this.hostIpv6 = hostIpv6;
    this.networks = networks;
  }

  /** Validates given IPAM configs (both families), or picks free subnets from the pools. */
  List<IpamPool> forCreate(List<IpamPool> given, boolean enableIPv6, boolean bridge) {
    if (enableIPv6 && !hostIpv6.enabled()) {
      throw new InvalidArgument("cannot create an IPv6 network: IPv6 is disabled on this host "
          + "(net.ipv6.conf.all.disable_ipv6=1)");
    }
    var v6 = Ipv6Ipam.pools(Ipv6Ipam.family(given, true), enableIPv6, bridge, options.pools6(), networks6(), routes6());
    var all = new ArrayList<>(forCreate(given == null ? null : given.stream().filter(p -> p == null
        || p.subnet() == null || !Cidr6.isIpv6(p.subnet())).toList(), bridge));
    all.addAll(v6);
    return List.copyOf(all);
  }

  /** The IPv6 subnets of the networks that use one. */
  private List<Cidr6> networks6() {
    return networks.values().stream().flatMap(n -> n.subnet6().stream()).toList();
  }

  /** The host's IPv6 routes but those of Berth's own bridges. */
  private List<Cidr6> routes6() {
    var ours = new HashSet<String>();
    networks.values().stream().filter(NetworkRecord::isBridge).forEach(n -> ours.add(n.bridge()));
    return routes.readIpv6().stream().filter(r -> !ours.contains(r.device())).map(HostRoute6::destination).toList();
  }

  /** Validates given IPv4 IPAM configs, or picks a free subnet from the pools. */
  private List<IpamPool> forCreate(List<IpamPool> given, boolean bridge) {
    if (given == null || given.isEmpty() || given.getFirst().subnet() == null || given.getFirst().subnet().isEmpty()) {
      var subnet = SubnetChooser.choose(options.pools(), taken());
      return List.of(new IpamPool(subnet.toString(), null, Cidr.format(subnet.host(1)), null));
    }
    if (given.size() > 1 && bridge) {
      throw new Forbidden("bridge driver doesn't support multiple subnets");
    }
    if (given.size() > 1) {
      throw new NotImplemented("Berth supports one IPv4 subnet per network");
    }
    var pool = given.getFirst();
    var subnet = parse(pool.subnet(), invalidSubnet(pool.subnet()));
    if (!subnet.isNetwork()) {
      throw new Forbidden("invalid pool request: Pool " + subnet + " is not a network address");
    }
    if (networks.values().stream().filter(NetworkRecord::usesCni).anyMatch(n -> n.subnet().overlaps(subnet))) {
      throw new Forbidden("invalid pool request: Pool overlaps with other one on this address space");
    }
    String gateway = pool.gateway() == null || pool.gateway().isEmpty() ? Cidr.format(subnet.host(1)) : pool.gateway();
    var gw = parse(gateway, "invalid gateway address " + gateway);
    if (!subnet.contains(gw.address())) {
      throw new Forbidden("no matching subnet for gateway " + gateway);
    }
    if (pool.ipRange() != null && !pool.ipRange().isEmpty()) {
      var range = parse(pool.ipRange(), "invalid ip-range " + pool.ipRange());
      if (!subnet.containsCidr(range)) {
        throw new Forbidden("no matching subnet for range " + pool.ipRange());
      }
    }
    return List.of(new IpamPool(subnet.toString(), pool.ipRange(), gw.addressText(), pool.auxAddresses()));
  }

  /**
   * The default bridge's pool: bip and fixed-cidr when given; else the stored subnet while still
   * free; else the first free pool. Takes {@code existing} out of the map (the caller puts the new
   * record back under the same id).
   */
  List<IpamPool> forDefaultBridge(NetworkRecord existing) {
    var all = new ArrayList<>(forDefaultBridge4(existing));
    if (options.ipv6() && options.fixedCidrV6() != null) {
      // moby: the fixed-cidr-v6 is the pool itself; the bridge takes its first address.
      all.add(new IpamPool(Cidr6.parse(options.fixedCidrV6()).network().toString(), null, null, null));
    }
    return List.copyOf(all);
  }

  private List<IpamPool> forDefaultBridge4(NetworkRecord existing) {
    var fixed = options.fixedCidr() == null || options.fixedCidr().isEmpty() ? null : options.fixedCidr();
    if (options.bip() != null && !options.bip().isEmpty()) {
      var bip = parse(options.bip(), "invalid bip " + options.bip());
      return List.of(new IpamPool(bip.network().toString(), fixed, bip.addressText(), null));
    }
    if (existing != null) {
      // The bridge of an earlier run may still be up with this subnet's route: that route is ours,
      // not a reason to move the default bridge (its containers may still run, under live-restore).
      var stillFree = takenBesides(existing.id()).stream().noneMatch(existing.subnet()::overlaps);
      networks.remove(existing.id());
      if (stillFree && (fixed == null || fixed.equals(existing.ipv4Pool().ipRange()))) {
        return List.of(existing.ipv4Pool());
      }
    }
    if (fixed != null) {
      var range = parse(fixed, "invalid fixed-cidr " + fixed);
      var subnet = range.network();
      return List.of(new IpamPool(subnet.toString(), fixed, Cidr.format(subnet.host(1)), null));
    }
    var subnet = SubnetChooser.choose(options.pools(), taken());
    return List.of(new IpamPool(subnet.toString(), null, Cidr.format(subnet.host(1)), null));
  }

  /** moby's {@code getIpamConfig} text for a subnet that does not parse (capital I, as dockerd). */
  static String invalidSubnet(String text) {
    return "Invalid subnet " + text + " : invalid CIDR address: " + text;
  }

  private static Cidr parse(String text, String error) {
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgument(error);
    }
  }

  /** Subnets a new network must not overlap: host routes (but our own bridges') and our networks. */
  private List<Cidr> taken() {
    return takenBesides(null);
  }

  /** As {@link #taken()}, leaving out network {@code excludedId}'s own subnet (its bridge's route included). */
  private List<Cidr> takenBesides(String excludedId) {
    var ours = new HashSet<String>();
    var taken = new ArrayList<Cidr>();
    for (var n : networks.values()) {
      if (n.isBridge()) {
        ours.add(n.bridge());
      }
      if (!n.ipam().isEmpty() && !n.id().equals(excludedId)) {
        taken.add(n.subnet());
      }
    }
    for (var r : routes.read()) {
      if (!ours.contains(r.device())) {
        taken.add(r.destination());
      }
    }
    return taken;
  }
}
