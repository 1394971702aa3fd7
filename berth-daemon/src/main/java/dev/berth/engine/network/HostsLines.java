package dev.berth.engine.network;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /etc/hosts} lines of a container's own addresses on one network: its IPv4 and IPv6
 * address, each with its hostname (moby's {@code updateHostsFile} for every endpoint that joins,
 * at start and at a network connect). Pure.
 */
final class HostsLines {
  private HostsLines() {}

  static List<String> of(EndpointRecord.Attachment a, String hostname) {
    var lines = new ArrayList<String>();
    if (hostname == null || hostname.isEmpty()) {
      return lines;
    }
    for (var address : addresses(a)) {
      lines.add(address + "\t" + hostname);
    }
    return lines;
  }

  /** The attachment's addresses (none for a network without an interface, as {@code none}). */
  static List<String> addresses(EndpointRecord.Attachment a) {
    var out = new ArrayList<String>();
    if (a.ipAddress() != null && !a.ipAddress().isEmpty()) {
      out.add(a.ipAddress());
    }
    if (a.ipv6() != null && !a.ipv6().isEmpty()) {
      out.add(a.ipv6());
    }
    return out;
  }
}
