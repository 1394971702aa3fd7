package dev.berth.engine.network;

import dev.berth.engine.error.InvalidArgument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a container's networking request asks for, resolved against the known networks: the mode
 * (bridge networks, host, none, or another container's namespace) and, for bridge networks, each
 * network with its endpoint settings (the primary first). Validates as dockerd does.
 */
record AttachPlan(String mode, String containerName, String joinContainer, List<Target> targets) {

  /** One network to join, with the {@code EndpointsConfig} entry's address and aliases. */
  record Target(NetworkRecord network, String ip, List<String> userAliases, String mac, String ip6) {
    Target(NetworkRecord network, String ip, List<String> userAliases, String mac) {
      this(network, ip, userAliases, mac, null);
    }

    /** Aliases as API 1.44 shows them: user-defined networks add the short container id. */
    List<String> aliases(String containerId) {
      if (network.defaultBridge()) {
        return null;
      }
      var all = new ArrayList<>(userAliases);
      all.add(containerId.substring(0, 12));
      return all;
    }

    List<String> dnsNames(String containerName, String containerId) {
      if (network.defaultBridge()) {
        return null;
      }
      var names = new ArrayList<String>();
      names.add(containerName);
      names.addAll(userAliases);
      names.add(containerId.substring(0, 12));
      return names;
    }
  }

  static AttachPlan of(NetworkRequest request, NetworkService networks) {
    var name = request.containerName() == null ? "" : request.containerName().replaceFirst("^/", "");
    var hc = request.hostConfig();
    var mode = hc == null || hc.networkMode() == null || hc.networkMode().isEmpty() ? "default" : hc.networkMode();
    if (mode.startsWith("container:")) {
      return new AttachPlan("container", name, mode.substring("container:".length()), List.of());
    }
    Map<String, Object> configs = request.endpointsConfig() == null ? Map.of() : request.endpointsConfig();
    if (mode.equals("default")) {
      mode = networks.defaultBridgeNetwork() == null ? "none" : "bridge";
    }
    var primary = networks.find(mode);
    switch (primary.driver()) {
      case "host" -> {
        return new AttachPlan("host", name, null, List.of(new Target(primary, null, List.of(), null)));
      }
      case "null" -> {
        return new AttachPlan("none", name, null, List.of(new Target(primary, null, List.of(), null)));
      }
      default -> { }
    }
    var targets = new ArrayList<Target>();
    targets.add(target(primary, endpointConfig(configs, primary, mode)));
    for (var entry : configs.entrySet()) {
      var key = entry.getKey().equals("default") ? "bridge" : entry.getKey();
      var n = networks.find(key);
      if (targets.stream().noneMatch(t -> t.network().id().equals(n.id())) && (n.usesCni() || !n.predefined())) {
        targets.add(target(n, asMap(entry.getValue())));
      }
    }
    return new AttachPlan("bridge", name, null, targets);
  }

  private static Map<String, Object> endpointConfig(Map<String, Object> configs, NetworkRecord n, String mode) {
    for (var key : List.of(mode, n.name(), n.id(), "default")) {
      if (configs.containsKey(key)) {
        return asMap(configs.get(key));
      }
    }
    return Map.of();
  }

  static Target target(NetworkRecord n, Map<String, Object> config) {
    String ip = null;
    if (asMap(config.get("IPAMConfig")).get("IPv4Address") instanceof String s && !s.isEmpty()) {
      ip = s;
    }
    String ip6 = null;
    if (asMap(config.get("IPAMConfig")).get("IPv6Address") instanceof String s && !s.isEmpty()) {
      ip6 = s;
    }
    var aliases = new ArrayList<String>();
    if (config.get("Aliases") instanceof List<?> list) {
      list.forEach(a -> aliases.add(String.valueOf(a)));
    }
    if (n.defaultBridge()) {
      if (ip != null || ip6 != null) {
        throw new InvalidArgument("user specified IP address is supported on user defined networks only");
      }
      if (!aliases.isEmpty()) {
        throw new InvalidArgument("network-scoped alias is supported only for containers in user defined networks");
      }
    }
    if (ip != null) {
      try {
        if (!n.subnet().contains(dev.berth.netplug.Cidr.parseAddress(ip))) {
          throw new InvalidArgument("no configured subnet or ip-range contain the IP address " + ip);
        }
      } catch (IllegalArgumentException e) {
        throw new InvalidArgument("invalid IPv4 address: " + ip);
      }
    }
    String mac = null;
    if (config.get("MacAddress") instanceof String m && !m.isEmpty()) {
      if (!m.matches("(?i)([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
        throw new InvalidArgument("invalid MAC address: " + m);
      }
      mac = m.toLowerCase();
    }
    return new Target(n, ip, List.copyOf(aliases), mac, Ipv6Ipam.endpointAddress(n, ip6));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
