package dev.berth.engine.network;

import dev.berth.engine.error.Forbidden;
import dev.berth.netplug.Cidr;
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
}
