package dev.berth.engine.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inspect's {@code NetworkSettings} of a container that does not run, as moby shows it: the
 * settings of its last start with the addresses cleared ({@code releaseNetwork} and
 * {@code cleanOperationalData}), over the networks its next start joins — so a network connected
 * or disconnected while it is stopped shows at once. Pure.
 */
final class StoppedNetworkSettings {
  /** The per-start fields moby clears when a container stops. */
  private static final List<String> OPERATIONAL = List.of("EndpointID", "Gateway", "IPAddress", "IPPrefixLen",
      "IPv6Gateway", "GlobalIPv6Address", "GlobalIPv6PrefixLen", "MacAddress");

  private StoppedNetworkSettings() {}

  static Map<String, Object> of(Map<String, Object> lastStart, Map<String, Object> networks, String networkMode, String id) {
    var m = new LinkedHashMap<>(lastStart);
    cleared(m);
    m.put("Ports", Map.of());
    var previous = lastStart.get("Networks") instanceof Map<?, ?> p ? p : Map.of();
    m.put("Networks", networks(previous, networks, networkMode, id));
    return m;
  }

  /**
   * One entry per network the container joins: its last start's (addresses cleared) when it had
   * one, else the unconnected zero values; none for {@code container:<id>}.
   */
  static Map<String, Object> networks(Map<?, ?> previous, Map<String, Object> networks, String networkMode, String id) {
    var out = new LinkedHashMap<String, Object>();
    if (networkMode != null && networkMode.startsWith("container:")) {
      return out;
    }
    networks.forEach((name, config) -> {
      var key = name.equals("default") ? "bridge" : name;
      if (previous.get(key) instanceof Map<?, ?> last) {
        @SuppressWarnings("unchecked")
        var entry = new LinkedHashMap<>((Map<String, Object>) last);
        cleared(entry);
        out.putIfAbsent(key, entry);
      } else {
        out.putIfAbsent(key, Views.unconnectedEndpoint(key, config, id));
      }
    });
    return out;
  }

  private static void cleared(Map<String, Object> m) {
    for (var field : OPERATIONAL) {
      if (m.containsKey(field)) {
        m.put(field, m.get(field) instanceof Number ? 0 : "");
      }
    }
  }
}
