package dev.berth.engine.network;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.HostConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A port the container asks to publish: {@code hostPortFirst..hostPortLast} (0..0 = any ephemeral
 * port) on {@code hostIp} to {@code containerPort/proto}. Built from {@code HostConfig.PortBindings}
 * plus, with {@code -P}, every exposed port. Pure.
 */
record PortRequest(String proto, int containerPort, String hostIp, int hostPortFirst, int hostPortLast) {

  boolean random() {
    return hostPortFirst == 0;
  }

  static List<PortRequest> from(HostConfig hostConfig, Map<String, Object> exposedPorts) {
    var requests = new ArrayList<PortRequest>();
    Map<String, List<HostConfig.PortBinding>> bindings =
        hostConfig == null || hostConfig.portBindings() == null ? Map.of() : new TreeMap<>(hostConfig.portBindings());
    for (var entry : bindings.entrySet()) {
      var port = parsePort(entry.getKey());
      var list = entry.getValue() == null || entry.getValue().isEmpty()
          ? List.of(new HostConfig.PortBinding("", ""))
          : entry.getValue();
      for (var b : list) {
        int[] range = parseHostPort(b.hostPort());
        var ip = b.hostIp() == null || b.hostIp().isEmpty() ? "0.0.0.0" : b.hostIp();
        requests.add(new PortRequest(port.proto, port.number, ip, range[0], range[1]));
      }
    }
    if (hostConfig != null && hostConfig.publishAllPorts() && exposedPorts != null) {
      for (var key : new TreeMap<>(exposedPorts).keySet()) {
        if (!bindings.containsKey(key)) {
          var port = parsePort(key);
          requests.add(new PortRequest(port.proto, port.number, "0.0.0.0", 0, 0));
        }
      }
    }
    return requests;
  }

  record Port(int number, String proto) {}

  /** {@code "80/tcp"} or {@code "80"} (tcp). */
  static Port parsePort(String key) {
    int slash = key.indexOf('/');
    var proto = slash < 0 ? "tcp" : key.substring(slash + 1).toLowerCase();
    var number = slash < 0 ? key : key.substring(0, slash);
    if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
      throw new InvalidArgument("invalid proto '" + proto + "'");
    }
    try {
      int n = Integer.parseInt(number);
      if (n < 1 || n > 65535) {
        throw new InvalidArgument("invalid port '" + number + "'");
      }
      return new Port(n, proto);
    } catch (NumberFormatException e) {
      throw new InvalidArgument("invalid port '" + number + "'");
    }
  }

  /** {@code ""} → any; {@code "8080"}; {@code "8000-8010"} → the first free one in the range. */
  static int[] parseHostPort(String text) {
    if (text == null || text.isEmpty()) {
      return new int[] {0, 0};
    }
    try {
      int dash = text.indexOf('-');
      int first = Integer.parseInt(dash < 0 ? text : text.substring(0, dash));
      int last = dash < 0 ? first : Integer.parseInt(text.substring(dash + 1));
      if (first < 0 || last > 65535 || last < first) {
        throw new InvalidArgument("invalid hostPort: " + text);
      }
      return new int[] {first, last};
    } catch (NumberFormatException e) {
      throw new InvalidArgument("invalid hostPort: " + text);
    }
  }
}
