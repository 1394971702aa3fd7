package dev.berth.engine.network;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.Forbidden;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.NotImplemented;
import dev.berth.netplug.BridgeLinks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes network records: user-defined networks from a create request, checked as dockerd checks it
 * (their bridge or plugin network made too), the predefined {@code host} and {@code none}, and the
 * default bridge from the daemon's options. Saving and registering the record is the caller's.
 * Not thread-safe: called under {@link NetworkService}'s lock, whose live map of networks it reads.
 */
final class NetworkFactory {
  private final NetworkOptions options;
  private final BridgeLinks bridges;
  private final NetworkPlugins plugins;
  private final IpamPools pools;
  private final Map<String, NetworkRecord> networks;

  NetworkFactory(NetworkOptions options, BridgeLinks bridges, NetworkPlugins plugins, IpamPools pools,
      Map<String, NetworkRecord> networks) {
    this.options = options;
    this.bridges = bridges;
    this.plugins = plugins;
    this.pools = pools;
    this.networks = networks;
  }

  /** The request's driver ("bridge" when none is given), after dockerd's checks of name and driver. */
  String checkedDriver(NetworkCreateRequest request) {
    if (request == null || request.name() == null || request.name().isBlank()) {
      throw new InvalidArgument("network name cannot be empty");
    }
    if (networks.values().stream().anyMatch(n -> n.name().equals(request.name()))) {
      throw new Conflict("network with name " + request.name() + " already exists");
    }
    var driver = request.driver() == null || request.driver().isEmpty() ? "bridge" : request.driver();
    switch (driver) {
      case "bridge", "macvlan", "ipvlan" -> {}
      case "host", "null" -> throw new Forbidden("only one instance of \"" + driver + "\" network is allowed");
      case "overlay" -> throw new NotImplemented("network driver overlay needs a swarm, which Berth does not have");
      default -> {
        if (!plugins.isDriver(driver)) {
          throw new NotFound("plugin \"" + driver + "\" not found");
        }
      }
    }
    return driver;
  }

  /** A new user-defined network on {@code driver}; its bridge (or plugin network) exists on return. */
  NetworkRecord create(NetworkCreateRequest request, String driver) {
    var id = NetworkService.randomId();
    var opts = request.options() == null ? Map.<String, String>of() : Map.copyOf(request.options());
    var ipamDriver = request.ipam() == null || request.ipam().driver() == null || request.ipam().driver().isEmpty()
        ? "default" : request.ipam().driver();
    var ipamOptions = request.ipam() == null || request.ipam().options() == null ? Map.<String, String>of() : request.ipam().options();
    var given = request.ipam() == null ? null : request.ipam().config();
    var ipam = ipamDriver.equals("default") ? pools.forCreate(given, Boolean.TRUE.equals(request.enableIPv6()), driver.equals("bridge")) : plugins.requestPools(id, ipamDriver, ipamOptions, given);
    String bridge = null;
    if (driver.equals("bridge")) {
      bridge = opts.getOrDefault("com.docker.network.bridge.name", "br-" + id.substring(0, 12));
      if (bridge.length() > 15) {
        throw new InvalidArgument("bridge name " + bridge + " is longer than 15 characters");
      }
      var name = bridge;
      if (networks.values().stream().anyMatch(n -> name.equals(n.bridge()))) {
        throw new Forbidden("bridge name " + bridge + " is already used by another network");
      }
    } else if (driver.equals("macvlan") || driver.equals("ipvlan")) {
      var parent = opts.get("parent");
      if (parent == null || parent.isEmpty()) {
        throw new InvalidArgument("Berth's " + driver + " driver needs -o parent=<host interface>");
      }
      if (!bridges.exists(parent)) {
        throw new InvalidArgument("-o parent interface was not found on the host: " + parent);
      }
    }
    int mtu = parseMtu(opts.get("com.docker.network.driver.mtu"));
    var ipMasq = !"false".equals(opts.get("com.docker.network.bridge.enable_ip_masquerade"));
    var network = new NetworkRecord(id, request.name(), driver, Timestamps.now(), request.internal(),
        request.attachable(), Boolean.TRUE.equals(request.enableIPv6()), ipMasq, ipamDriver, ipamOptions, ipam, opts,
        request.labels() == null ? Map.of() : Map.copyOf(request.labels()), bridge, mtu, false);
    if (!network.usesCni() || !ipamDriver.equals("default")) {
      plugins.createNetwork(new NetworkPlugins.NetworkSpec(id, driver, ipamDriver, opts, ipam, request.internal(),
          network.enableIPv6()));
    }
    if (bridge != null) {
      bridges.ensure(bridge, network.gatewayCidr(), network.gatewayCidr6().orElse(null), mtu, options.dataRoot().toString());
    }
    return network;
  }

  /** A predefined network without addresses ({@code host}, {@code none}). */
  NetworkRecord predefined(String name, String driver) {
    return new NetworkRecord(NetworkService.randomId(), name, driver, Timestamps.now(), false, false, false, false,
        "default", null, List.of(), Map.of(), Map.of(), null, 0, false);
  }

  /** The default bridge as the options make it now, keeping {@code existing}'s id and creation time. */
  NetworkRecord defaultBridge(NetworkRecord existing) {
    var ipam = pools.forDefaultBridge(existing);
    var opts = new LinkedHashMap<String, String>();
    opts.put("com.docker.network.bridge.default_bridge", "true");
    opts.put("com.docker.network.bridge.enable_icc", "true");
    opts.put("com.docker.network.bridge.enable_ip_masquerade", "true");
    opts.put("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0");
    opts.put("com.docker.network.bridge.name", options.defaultBridge());
    opts.put("com.docker.network.driver.mtu", Integer.toString(options.mtu() > 0 ? options.mtu() : 1500));
    var id = existing == null ? NetworkService.randomId() : existing.id();
    var created = existing == null ? Timestamps.now() : existing.created();
    return new NetworkRecord(id, "bridge", "bridge", created, false, false, options.ipv6(), true, "default", null, ipam,
        opts, Map.of(), options.defaultBridge(), options.mtu(), true);
  }

  /**
   * The bridge driver's MTU option as moby parses it: not a number gives its parseErr text, a
   * negative one {@code invalid MTU number}; Berth also refuses 1–67, which the kernel would refuse
   * at the first container (dockerd creates the network and fails then).
   */
  static int parseMtu(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    int mtu;
    try {
      mtu = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidArgument("failed to parse com.docker.network.driver.mtu value: " + text
          + " (strconv.Atoi: parsing \"" + text + "\": invalid syntax)");
    }
    if (mtu < 0) {
      throw new InvalidArgument("invalid MTU number: " + mtu);
    }
    if (mtu > 0 && mtu < 68) {
      throw new InvalidArgument("invalid MTU " + text + ": must be at least 68");
    }
    return mtu;
  }

}
