package dev.berth.engine.network;

import dev.berth.netplug.Cidr6;

/**
 * A daemon.json {@code default-address-pools} entry with an IPv6 base: subnets of prefix
 * {@code size} are cut from {@code base} in order (moby ipamutils splits both families alike).
 */
public record AddressPool6(Cidr6 base, int size) {
  public AddressPool6 {
    if (size < base.prefix() || size > 128) {
      throw new IllegalArgumentException("invalid pool size " + size + " for " + base);
    }
    base = base.network();
  }

  public static AddressPool6 of(String base, int size) {
    return new AddressPool6(Cidr6.parse(base), size);
  }
}
