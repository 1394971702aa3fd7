package dev.berth.netplug;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the host's IPv4 routes from {@code /proc/net/route} (no process, no netlink). */
public final class HostRoutes {
  private final Path source;

  public HostRoutes() {
    this(Path.of("/proc/net/route"));
  }

  HostRoutes(Path source) {
    this.source = source;
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
