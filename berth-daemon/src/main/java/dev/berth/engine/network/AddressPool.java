package dev.berth.engine.network;

import dev.berth.netplug.Cidr;
import java.util.List;

/**
 * A daemon.json {@code default-address-pools} entry: subnets of prefix {@code size} are cut from
 * {@code base} in order.
 */
public record AddressPool(Cidr base, int size) {
  public AddressPool {
    if (size < base.prefix() || size > 32) {
      throw new IllegalArgumentException("invalid pool size " + size + " for " + base);
    }
    base = base.network();
  }

  public static AddressPool of(String base, int size) {
    return new AddressPool(Cidr.parse(base), size);
  }

  /** dockerd's local-scope defaults (moby ipamutils): 172.17-31 as /16s, then 192.168/16 as /20s. */
  public static List<AddressPool> dockerDefaults() {
    return List.of(
        of("172.17.0.0/16", 16), of("172.18.0.0/16", 16), of("172.19.0.0/16", 16),
        of("172.20.0.0/14", 16), of("172.24.0.0/14", 16), of("172.28.0.0/14", 16),
        of("192.168.0.0/16", 20));
  }
}
