package dev.berth.netplug;

/**
 * An IPv4 subnet or address with prefix ({@code 10.1.2.0/24}, {@code 10.1.2.1/24}). The address is
 * kept as given, so a gateway with its prefix round-trips; {@link #network()} masks it.
 */
public record Cidr(int address, int prefix) {
  public Cidr {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("invalid prefix length " + prefix);
    }
  }

  /** Parses {@code a.b.c.d/n}; a bare address is a /32. */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    int prefix;
    try {
      prefix = slash < 0 ? 32 : Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid CIDR address: " + text);
    }
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("invalid CIDR address: " + text);
    }
    return new Cidr(parseAddress(slash < 0 ? text : text.substring(0, slash)), prefix);
  }

  /** Parses a dotted-quad IPv4 address. */
  public static int parseAddress(String text) {
    var parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("invalid IPv4 address: " + text);
    }
    int value = 0;
    for (var part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("invalid IPv4 address: " + text);
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        throw new IllegalArgumentException("invalid IPv4 address: " + text);
      }
      value = (value << 8) | octet;
    }
    return value;
  }

  public static String format(int address) {
    return (address >>> 24) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "." + (address & 255);
  }

  public int mask() {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  /** The subnet itself: the address with host bits cleared. */
  public Cidr network() {
    return new Cidr(address & mask(), prefix);
  }

  public boolean isNetwork() {
    return (address & ~mask()) == 0;
  }

  public long size() {
    return 1L << (32 - prefix);
  }

  public boolean contains(int ip) {
    return (ip & mask()) == (address & mask());
  }

  /** Whether one of the two subnets contains the other (CIDR blocks never partially overlap). */
  public boolean overlaps(Cidr other) {
    int shorter = Math.min(prefix, other.prefix);
    int m = shorter == 0 ? 0 : -1 << (32 - shorter);
    return (address & m) == (other.address & m);
  }

  public boolean containsCidr(Cidr other) {
    return other.prefix >= prefix && contains(other.address);
  }

  /** The n-th address of the subnet ({@code host(1)} is dockerd's default gateway). */
  public int host(long n) {
    return (int) ((address & mask()) + n);
  }

  public String addressText() {
    return format(address);
  }

  @Override
  public String toString() {
    return format(address) + "/" + prefix;
  }
}
