package dev.berth.engine.network;

import dev.berth.engine.error.Forbidden;
import dev.berth.engine.error.NotFound;
import dev.berth.netplug.Cidr;
import dev.berth.netplug.Cidr6;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;

/**
 * Picks the first subnet from the address pools that overlaps neither a host route nor another
 * network's subnet (dockerd's rule; a host with dockerd's docker0 on 172.17.0.0/16 makes Berth take
 * 172.18.0.0/16). Pure.
 */
final class SubnetChooser {
  private SubnetChooser() {}

  static Cidr choose(List<AddressPool> pools, Collection<Cidr> taken) {
    for (var pool : pools) {
      long step = 1L << (32 - pool.size());
      long count = 1L << (pool.size() - pool.base().prefix());
      for (long i = 0; i < count; i++) {
        var candidate = new Cidr((int) (Integer.toUnsignedLong(pool.base().address()) + i * step), pool.size());
        if (taken.stream().noneMatch(candidate::overlaps)) {
          return candidate;
        }
      }
    }
    throw new Forbidden(
        "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network");
  }

  /**
   * The IPv6 counterpart: the first subnet of the IPv6 pools overlapping nothing taken. A taken
   * block larger than the pools' subnets is skipped whole, so a short route does not make this walk
   * a /8 split into /64s one by one. moby 25 has no IPv6 default pools: with none configured this
   * fails with its text (a 404, as moby's ipam NotFound).
   */
  static Cidr6 choose6(List<AddressPool6> pools, Collection<Cidr6> taken) {
    for (var pool : pools) {
      var step = BigInteger.ONE.shiftLeft(128 - pool.size());
      var candidate = pool.base().address();
      var end = pool.base().last();
      while (candidate.compareTo(end) <= 0) {
        var c = new Cidr6(candidate, pool.size());
        var hit = taken.stream().filter(c::overlaps).findFirst();
        if (hit.isEmpty()) {
          return c;
        }
        var blocked = hit.get().prefix() < pool.size() ? hit.get().network().last() : c.last();
        candidate = blocked.add(BigInteger.ONE);
        candidate = candidate.add(step.subtract(candidate.subtract(pool.base().address()).mod(step)).mod(step));
      }
    }
    throw new NotFound(
        "could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network");
  }
}
