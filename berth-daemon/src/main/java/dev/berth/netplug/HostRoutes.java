package dev.berth.netplug;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the host's routes from {@code /proc/net/route} and {@code /proc/net/ipv6_route} (no process,
 * no netlink).
 */
public final class HostRoutes {
  private final Path source;
  private final Path source6;

  public HostRoutes() {
    this(Path.of("/proc/net/route"), Path.of("/proc/net/ipv6_route"));
  }

  HostRoutes(Path source, Path source6) {
    this.source = source;
    this.source6 = source6;
  }

  /** Every IPv6 route but the default (::/0); none when the kernel has no IPv6. */
  public List<HostRoute6> readIpv6() {
    if (!Files.exists(source6)) {
      return List.of();
    }
    try {
      return parseIpv6(Files.readString(source6));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<HostRoute6> parseIpv6(String table) {
    var routes = new ArrayList<HostRoute6>();
    for (var line : table.split("\n")) {
      var f = line.trim().split("\\s+");
      if (f.length < 10 || f[0].length() != 32) {
        continue;
      }
      int prefix = Integer.parseInt(f[1], 16);
      if (prefix == 0) {
        continue;
      }
      var dest = new java.math.BigInteger(f[0], 16);
      routes.add(new HostRoute6(f[9], new Cidr6(dest, prefix).network()));
    }
    return routes;
  }

  /** Every route except the default route (0.0.0.0/0 overlaps everything and means "not local"). */
  public List<HostRoute> read() {
    try {
      return parse(Files.readString(source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<HostRoute> parse(String table) {
    var routes = new ArrayList<HostRoute>();
    var lines = table.split("\n");
    for (int i = 1; i < lines.length; i++) {
      var f = lines[i].trim().split("\\s+");
      if (f.length < 8) {
        continue;
      }
      int dest = Integer.reverseBytes(Integer.parseUnsignedInt(f[1], 16));
      int mask = Integer.reverseBytes(Integer.parseUnsignedInt(f[7], 16));
      int prefix = Integer.bitCount(mask);
      if (prefix == 0) {
        continue;
      }
      routes.add(new HostRoute(f[0], new Cidr(dest, prefix).network()));
    }
    return routes;
  }
}
