package dev.berth.netplug;

import java.math.BigInteger;
import java.util.ArrayList;

/**
 * An IPv6 subnet or address with prefix ({@code fd1b:1::/64}, {@code fd1b:1::1/64}); the IPv6
 * counterpart of {@link Cidr}. The address is an unsigned 128-bit number kept as given;
 * {@link #network()} masks it. Text is parsed strictly (no zones, no embedded IPv4, never a DNS
 * lookup) and printed in RFC 5952 form, as Go's {@code net.IP.String} prints it.
 */
public record Cidr6(BigInteger address, int prefix) {
  private static final BigInteger ALL = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  public Cidr6 {
    if (prefix < 0 || prefix > 128) {
      throw new IllegalArgumentException("invalid prefix length " + prefix);
    }
    if (address.signum() < 0 || address.bitLength() > 128) {
      throw new IllegalArgumentException("invalid IPv6 address " + address);
    }
  }

  /** Whether {@code text} (an address or CIDR) is written as IPv6 (has a colon). */
  public static boolean isIpv6(String text) {
    return text != null && text.indexOf(':') >= 0;
  }

  /** Parses {@code addr/n}; a bare address is a /128. */
  public static Cidr6 parse(String text) {
    int slash = text.indexOf('/');
    int prefix;
    try {
      prefix = slash < 0 ? 128 : Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid CIDR address: " + text);
    }
    if (prefix < 0 || prefix > 128 || (slash >= 0 && !text.substring(slash + 1).chars().allMatch(Character::isDigit))) {
      throw new IllegalArgumentException("invalid CIDR address: " + text);
    }
    try {
      return new Cidr6(parseAddress(slash < 0 ? text : text.substring(0, slash)), prefix);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid CIDR address: " + text);
    }
  }

  /** Parses an IPv6 address in colon-hex form, with at most one {@code ::}. */
  public static BigInteger parseAddress(String text) {
    var bad = new IllegalArgumentException("invalid IPv6 address: " + text);
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      throw bad;
    }
    var head = gap < 0 ? text : text.substring(0, gap);
    var tail = gap < 0 ? "" : text.substring(gap + 2);
    var headGroups = groups(head, bad);
    var tailGroups = groups(tail, bad);
    int total = headGroups.size() + tailGroups.size();
    if (gap < 0 ? total != 8 : total > 7) {
      throw bad;
    }
    var value = BigInteger.ZERO;
    for (var g : headGroups) {
      value = value.shiftLeft(16).or(BigInteger.valueOf(g));
    }
    value = value.shiftLeft(16 * (8 - total));
    for (var g : tailGroups) {
      value = value.shiftLeft(16).or(BigInteger.valueOf(g));
    }
    return value;
  }

  private static ArrayList<Integer> groups(String part, IllegalArgumentException bad) {
    var out = new ArrayList<Integer>();
    if (part.isEmpty()) {
      return out;
    }
    for (var g : part.split(":", -1)) {
      if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw bad;
      }
      out.add(Integer.parseInt(g, 16));
    }
    return out;
  }

  /** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
  public static String format(BigInteger address) {
    var groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = address.shiftRight(16 * (7 - i)).intValue() & 0xFFFF;
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    var sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }

  public BigInteger mask() {
    return ALL.shiftLeft(128 - prefix).and(ALL);
  }

  /** The subnet itself: the address with host bits cleared. */
  public Cidr6 network() {
    return new Cidr6(address.and(mask()), prefix);
  }

  public boolean isNetwork() {
    return address.and(mask()).equals(address);
  }

  public boolean contains(BigInteger ip) {
    return ip.and(mask()).equals(address.and(mask()));
  }

  /** Whether one of the two subnets contains the other (CIDR blocks never partially overlap). */
  public boolean overlaps(Cidr6 other) {
    var shorter = prefix <= other.prefix ? this : other;
    return shorter.contains(shorter == this ? other.address : address);
  }

  public boolean containsCidr(Cidr6 other) {
    return other.prefix >= prefix && contains(other.address);
  }

  /** The n-th address of the subnet ({@code host(1)} is dockerd's default gateway). */
  public BigInteger host(long n) {
    return address.and(mask()).add(BigInteger.valueOf(n));
  }

  /** The last address of the subnet. */
  public BigInteger last() {
    return address.or(mask().xor(ALL));
  }

  public String addressText() {
    return format(address);
  }

  @Override
  public String toString() {
    return format(address) + "/" + prefix;
  }
}
