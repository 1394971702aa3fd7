package dev.berth.engine.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Interface counters of a network namespace from {@code /proc/<pid>/net/dev}, loopback left out (as
 * dockerd's sandbox statistics cover only the endpoints' interfaces). Stateless.
 */
final class NetDev {
  /** One interface, in dockerd's {@code NetworkStats} names. */
  record Counters(long rxBytes, long rxPackets, long rxErrors, long rxDropped,
      long txBytes, long txPackets, long txErrors, long txDropped) {
    Map<String, Object> toJson() {
      var m = new LinkedHashMap<String, Object>();
      m.put("rx_bytes", rxBytes);
      m.put("rx_packets", rxPackets);
      m.put("rx_errors", rxErrors);
      m.put("rx_dropped", rxDropped);
      m.put("tx_bytes", txBytes);
      m.put("tx_packets", txPackets);
      m.put("tx_errors", txErrors);
      m.put("tx_dropped", txDropped);
      return m;
    }
  }

  private NetDev() {}

  /** The interfaces of {@code pid}'s namespace; empty when the process is gone. */
  static Map<String, Counters> of(Path proc, int pid) {
    try {
      return parse(Files.readAllLines(proc.resolve(Integer.toString(pid)).resolve("net/dev")));
    } catch (IOException e) {
      return Map.of();
    }
  }

  static Map<String, Counters> parse(List<String> lines) {
    var out = new LinkedHashMap<String, Counters>();
    for (var line : lines) {
      int colon = line.indexOf(':');
      if (colon < 0) continue; // the two header lines
      var iface = line.substring(0, colon).strip();
      if (iface.equals("lo")) continue;
      var f = line.substring(colon + 1).trim().split("\\s+");
      if (f.length < 16) continue;
      out.put(iface, new Counters(n(f[0]), n(f[1]), n(f[2]), n(f[3]), n(f[8]), n(f[9]), n(f[10]), n(f[11])));
    }
    return out;
  }

  private static long n(String s) {
    try {
      return Long.parseUnsignedLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
