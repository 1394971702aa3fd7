package dev.berth.engine.container;

import dev.berth.model.Rfc3339;
import dev.berth.engine.volume.ContainerMounts;
import dev.berth.engine.network.ContainerNetworking;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Container inspect and {@code ps} entries in dockerd's shape and key order. */
final class Views {
  private final ContainerNetworking networking;

  private final ContainerMounts mounts;
  /** The exec ids of a container (null when none), set by the wiring once exec exists. */
  private volatile java.util.function.Function<String, List<String>> execIds = id -> null;

  Views(ContainerNetworking networking, ContainerMounts mounts) {
    this.networking = networking;
    this.mounts = mounts;
  }

  Map<String, Object> inspect(Container c, Long sizeRw, Long sizeRootFs) {
    var r = c.record();
    var s = r.state();
    var m = new LinkedHashMap<String, Object>();
    m.put("Id", r.id());
    m.put("Created", r.created());
    m.put("Path", r.path());
    m.put("Args", r.args());
    var state = new LinkedHashMap<String, Object>();
    state.put("Status", s.status(c.removing()));
    state.put("Running", s.running());
    state.put("Paused", s.paused());
    state.put("Restarting", s.restarting());
    state.put("OOMKilled", s.oomKilled());
    state.put("Dead", s.dead());
    state.put("Pid", s.pid());
    state.put("ExitCode", s.exitCode());
    state.put("Error", s.error());
    state.put("StartedAt", s.startedAt());
    state.put("FinishedAt", s.finishedAt());
    var health = c.health();
    if (health != null) state.put("Health", health.view());
    m.put("State", state);
    m.put("Image", r.image());
    m.put("ResolvConfPath", r.resolvConfPath());
    m.put("HostnamePath", r.hostnamePath());
    m.put("HostsPath", r.hostsPath());
    m.put("LogPath", ContainerLogging.shownPath(c));
    m.put("Name", r.name());
    m.put("RestartCount", r.restartCount());
    m.put("Driver", "overlay2");
    m.put("Platform", r.platform());
    m.put("MountLabel", "");
    m.put("ProcessLabel", "");
    m.put("AppArmorProfile", "");
    m.put("ExecIDs", execIds.apply(r.id()));
    m.put("HostConfig", c.hostConfig());
    m.put("GraphDriver", Map.of("Data", r.graphDriver(), "Name", "overlay2"));
    if (sizeRw != null) {
      m.put("SizeRw", sizeRw);
      m.put("SizeRootFs", sizeRootFs);
    }
    m.put("Mounts", mounts.mounts(r.id()));
    m.put("Config", r.config());
    m.put("NetworkSettings", networkSettings(c));
    return m;
  }

  void execIds(java.util.function.Function<String, List<String>> lookup) {
    this.execIds = lookup;
  }

  /** One {@code GET /containers/json} entry. */
  Map<String, Object> summary(Container c, Instant now, Long sizeRw, Long sizeRootFs) {
    var r = c.record();
    var m = new LinkedHashMap<String, Object>();
    m.put("Id", r.id());
    m.put("Names", List.of(r.name()));
    m.put("Image", r.config().image());
    m.put("ImageID", r.image());
    m.put("Command", command(r));
    m.put("Created", Rfc3339.parseSet(r.created()).getEpochSecond());
    var ns = networkSettings(c);
    m.put("Ports", c.running() ? portList(ns.get("Ports")) : List.of());
    if (sizeRw != null) {
      m.put("SizeRw", sizeRw);
      m.put("SizeRootFs", sizeRootFs);
    }
    m.put("Labels", r.config().labels() == null ? Map.of() : r.config().labels());
    m.put("State", r.state().status(c.removing()));
    var status = r.state().describe(c.removing(), now);
    var health = c.health();
    var st = r.state();
    if (health != null && st.running() && !st.paused() && !st.restarting()) status += " (" + health.label() + ")";
    m.put("Status", status);
    var mode = c.hostConfig().networkMode();
    m.put("HostConfig", Map.of("NetworkMode", mode == null || mode.isEmpty() ? "default" : mode));
    var networks = ns.get("Networks");
    m.put("NetworkSettings", Map.of("Networks", networks == null ? Map.of() : networks));
    m.put("Mounts", mounts.mounts(r.id()));
    return m;
  }

  /**
   * moby {@code container/view.go}: the inspect {@code Ports} map as a list, one entry per host
   * binding ({@code IP}, {@code PrivatePort}, {@code PublicPort}, {@code Type}) and one without the
   * host side for an exposed port that is not published.
   */
  static List<Map<String, Object>> portList(Object inspectPorts) {
    var out = new ArrayList<Map<String, Object>>();
    if (!(inspectPorts instanceof Map<?, ?> ports)) return out;
    ports.forEach((key, bindings) -> {
      var spec = String.valueOf(key);
      int slash = spec.indexOf('/');
      int privatePort = Integer.parseInt(slash < 0 ? spec : spec.substring(0, slash));
      var type = slash < 0 ? "tcp" : spec.substring(slash + 1);
      if (!(bindings instanceof List<?> list) || list.isEmpty()) {
        out.add(port(null, privatePort, 0, type));
        return;
      }
      for (var b : list) {
        if (b instanceof Map<?, ?> binding) {
          var hostPort = String.valueOf(binding.get("HostPort"));
          out.add(port(String.valueOf(binding.get("HostIp")), privatePort, hostPort.isEmpty() ? 0 : Integer.parseInt(hostPort), type));
        }
      }
    });
    return out;
  }

  /** A Go {@code types.Port}: IP and PublicPort are omitted when empty. */
  private static Map<String, Object> port(String ip, int privatePort, int publicPort, String type) {
    var p = new LinkedHashMap<String, Object>();
    if (ip != null && !ip.isEmpty()) p.put("IP", ip);
    p.put("PrivatePort", privatePort);
    if (publicPort != 0) p.put("PublicPort", publicPort);
    p.put("Type", type);
    return p;
  }

  /** moby {@code container/view.go}: path and args, args with spaces in single quotes. */
  static String command(ContainerRecord r) {
    if (r.args().isEmpty()) return r.path();
    var parts = new ArrayList<String>();
    for (var a : r.args()) parts.add(a.contains(" ") ? "'" + a + "'" : a);
    return r.path() + " " + String.join(" ", parts);
  }

  private Map<String, Object> networkSettings(Container c) {
    if (c.running()) {
      var live = networking.settings(c.id);
      if (live.isPresent()) return live.get();
    }
    var stored = c.record().networkSettings();
    var networks = c.record().endpointsConfig();
    return stored.isEmpty() ? emptyNetworkSettings(c.hostConfig().networkMode(), networks, c.id)
        : StoppedNetworkSettings.of(stored, networks, c.hostConfig().networkMode(), c.id);
  }

  /**
   * What dockerd shows before a container's first start: no addresses, but the networks it will
   * join already named in {@code Networks} (its NetworkMode's, {@code bridge} for the default, as
   * changed by network connect/disconnect since); nothing for {@code container:<id>}. On user-defined networks the aliases end with the short id,
   * as moby's inspect adds it for API versions before 1.45 (Compose v1 relies on it: without it,
   * it disconnects and reconnects the network before the start).
   */
  static Map<String, Object> emptyNetworkSettings(String networkMode, Map<String, Object> endpointsConfig, String id) {
    var m = new LinkedHashMap<String, Object>();
    m.put("Bridge", "");
    m.put("SandboxID", "");
    m.put("SandboxKey", "");
    m.put("Ports", Map.of());
    m.put("HairpinMode", false);
    m.put("LinkLocalIPv6Address", "");
    m.put("LinkLocalIPv6PrefixLen", 0);
    m.put("SecondaryIPAddresses", null);
    m.put("SecondaryIPv6Addresses", null);
    m.put("EndpointID", "");
    m.put("Gateway", "");
    m.put("GlobalIPv6Address", "");
    m.put("GlobalIPv6PrefixLen", 0);
    m.put("IPAddress", "");
    m.put("IPPrefixLen", 0);
    m.put("IPv6Gateway", "");
    m.put("MacAddress", "");
    m.put("Networks", StoppedNetworkSettings.networks(Map.of(), endpointsConfig, networkMode, id));
    return m;
  }

  /** An endpoint's settings before it is connected: Go's zero values, as dockerd shows them. */
  static Map<String, Object> unconnectedEndpoint(String network, Object config, String id) {
    var e = new LinkedHashMap<String, Object>();
    e.put("IPAMConfig", null);
    e.put("Links", null);
    List<String> aliases = null;
    if (!Set.of("bridge", "host", "none").contains(network)) {
      aliases = new ArrayList<>();
      if (config instanceof Map<?, ?> c && c.get("Aliases") instanceof List<?> given) {
        for (var a : given) aliases.add(String.valueOf(a));
      }
      var shortId = id.substring(0, 12);
      if (!aliases.contains(shortId)) aliases.add(shortId);
    }
    e.put("Aliases", aliases);
    e.put("MacAddress", "");
    e.put("NetworkID", "");
    e.put("EndpointID", "");
    e.put("Gateway", "");
    e.put("IPAddress", "");
    e.put("IPPrefixLen", 0);
    e.put("IPv6Gateway", "");
    e.put("GlobalIPv6Address", "");
    e.put("GlobalIPv6PrefixLen", 0);
    e.put("DriverOpts", null);
    e.put("DNSNames", null);
    return e;
  }
}
