package dev.berth.engine.network;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
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

  /**
   * The plan for a start: the container joins exactly the networks in its request's endpoint
   * settings (moby's {@code NetworkSettings.Networks}, see {@link ModeNetworks}), the network of its
   * NetworkMode first, then the default bridge, then the others in the order they were added.
   * Host mode keeps the host's namespace whatever they are; {@code none} (or no network at all)
   * gives a namespace with loopback only.
   */
  static AttachPlan of(NetworkRequest request, NetworkService networks) {
    var name = request.containerName() == null ? "" : request.containerName().replaceFirst("^/", "");
    var hc = request.hostConfig();
    var mode = hc == null || hc.networkMode() == null || hc.networkMode().isEmpty() ? "default" : hc.networkMode();
    if (mode.startsWith("container:")) {
      return new AttachPlan("container", name, mode.substring("container:".length()), List.of());
    }
    Map<String, Object> configs = request.endpointsConfig() == null ? Map.of() : request.endpointsConfig();
    var bridge = networks.defaultBridgeNetwork();
    var joined = new LinkedHashMap<String, Target>();
    for (var entry : configs.entrySet()) {
      var key = entry.getKey().equals("default") ? "bridge" : entry.getKey();
      if (key.equals("bridge") && bridge == null) {
        continue; // no default bridge (daemon.json "bridge": "none"): moby leaves the container unnetworked
      }
      var n = networks.find(key);
      if (!joined.containsKey(n.id())) {
        joined.put(n.id(), target(n, asMap(entry.getValue())));
      }
    }
    var targets = new ArrayList<>(joined.values());
    if (mode.equals("host")) {
      targets.removeIf(t -> !t.network().driver().equals("host"));
      return new AttachPlan("host", name, null, targets);
    }
    var none = targets.stream().filter(t -> t.network().driver().equals("null")).findFirst();
    if (none.isPresent()) {
      return new AttachPlan("none", name, null, List.of(none.get()));
    }
    targets.removeIf(t -> t.network().predefined() && !t.network().usesCni());
    if (targets.isEmpty()) {
      return new AttachPlan("none", name, null, List.of());
    }
    var primary = mode.equals("default") ? bridge : findOrNull(networks, mode);
    targets.sort(Comparator.comparingInt(t -> rank(t.network(), primary)));
    return new AttachPlan("bridge", name, null, targets);
  }

  /** 0 for the NetworkMode's network, 1 for the default bridge (moby joins it first), 2 for the rest. */
  private static int rank(NetworkRecord n, NetworkRecord primary) {
    if (primary != null && n.id().equals(primary.id())) {
      return 0;
    }
    return n.defaultBridge() ? 1 : 2;
  }

  private static NetworkRecord findOrNull(NetworkService networks, String ref) {
    try {
      return networks.find(ref);
    } catch (NotFound | InvalidArgument e) {
      return null; // the mode's network was removed after the container left it
    }
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
