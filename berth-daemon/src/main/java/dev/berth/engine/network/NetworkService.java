package dev.berth.engine.network;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.Forbidden;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.NotImplemented;
import dev.berth.model.Filters;
import dev.berth.netplug.BridgeLinks;
import dev.berth.netplug.Cidr;
import dev.berth.netplug.HostLock;
import dev.berth.netplug.HostRoutes;
import dev.berth.netplug.Iptables;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Networks: the predefined {@code bridge}, {@code host} and {@code none}, and user-defined bridge
 * networks (create, list, inspect, remove, prune), persisted under {@code <data-root>/network/}.
 * Containers join them through {@link #containerNetworking()}. Thread-safe: network changes hold
 * this object's lock; slow CNI work runs outside it.
 */
public final class NetworkService {
  private static final Set<String> LIST_FILTERS = Set.of("dangling", "driver", "id", "label", "name", "scope", "type");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final System.Logger LOG = System.getLogger("berth.network");

  private final NetworkOptions options;
  private final NetworkStore store;
  private final BridgeLinks bridges;
  private final Iptables iptables;
  private final HostRoutes routes;
  private final Map<String, NetworkRecord> networks = new LinkedHashMap<>();
  private final ContainerAttacher attacher;
  private final NetworkPlugins plugins;
  private volatile ContainerDirectory containers = ContainerDirectory.NONE;
  private volatile NetworkEvents events = NetworkEvents.NONE;

  public NetworkService(NetworkOptions options) {
    this(options, NetworkPlugins.NONE);
  }

  /** With {@code plugins} serving the drivers and IPAM drivers that are not built in. */
  public NetworkService(NetworkOptions options, NetworkPlugins plugins) {
    this(options, new BridgeLinks(), new Iptables(), new HostRoutes(), plugins);
  }

  NetworkService(NetworkOptions options, BridgeLinks bridges, Iptables iptables, HostRoutes routes) {
    this(options, bridges, iptables, routes, NetworkPlugins.NONE);
  }

  NetworkService(NetworkOptions options, BridgeLinks bridges, Iptables iptables, HostRoutes routes,
      NetworkPlugins plugins) {
    this.plugins = plugins;
    this.options = options;
    this.store = new NetworkStore(options.dataRoot());
    this.bridges = bridges;
    this.iptables = iptables;
    this.routes = routes;
    this.attacher = new ContainerAttacher(this, options, store, iptables, plugins);
  }

  /**
   * Wires in what is made after this service (the container service needs this one first): the
   * containers, for connect/disconnect of stopped ones, and the event bus.
   */
  public void connectTo(ContainerDirectory containers, NetworkEvents events) {
    this.containers = containers;
    this.events = events;
  }

  /**
   * Start-up scan, once the containers are loaded: undoes the networking (namespace, interfaces,
   * rules, leases, resolver) kept for containers that no longer exist.
   */
  public void removeOrphanEndpoints() {
    for (var e : attacher.endpoints()) {
      try {
        containers.get(e.containerId());
      } catch (NotFound gone) {
        LOG.log(System.Logger.Level.INFO, "removing the networking of vanished container " + e.containerId());
        attacher.tearDown(e.containerId());
      }
    }
  }

  /** Emits a network event with dockerd's attributes: name, type (the driver), and container when given. */
  void emit(String action, NetworkRecord n, String containerId) {
    var attributes = new LinkedHashMap<String, String>();
    if (containerId != null) {
      attributes.put("container", containerId);
    }
    attributes.put("name", n.name());
    attributes.put("type", n.driver());
    events.emit(action, n.id(), attributes);
  }

  /** What the container service calls at container start and stop. */
  public ContainerNetworking containerNetworking() {
    return attacher;
  }

  /**
   * Loads the networks, makes the predefined ones and the default bridge, and repairs what a crash
   * left: endpoints of containers whose namespace is gone, stray namespaces and IPAM leases.
   */
  public synchronized void start() {
    for (var n : store.networks()) {
      networks.put(n.id(), n);
    }
    ensurePredefined("host", "host");
    ensurePredefined("none", "null");
    try (var lock = HostLock.acquire()) {
      for (var orphan : bridges.removeOrphans()) {
        LOG.log(System.Logger.Level.INFO, "removed bridge " + orphan + " of a daemon whose data root is gone");
      }
      if (options.hasDefaultBridge()) {
        ensureDefaultBridge();
      }
      for (var n : networks.values()) {
        if (n.isBridge()) {
          bridges.ensure(n.bridge(), n.gatewayCidr(), n.mtu(), options.dataRoot().toString());
        }
      }
    }
    attacher.reconcile();
  }

  /**
   * At daemon shutdown: stops the port relays and removes the bridges and shared chains no
   * container uses (containers still running under live-restore keep theirs), so a stopped daemon
   * leaves the host as it found it. {@link #start} makes the bridges again.
   */
  public synchronized void close() {
    attacher.closeRelays();
    for (var n : networks.values()) {
      if (n.isBridge() && attacher.usersOf(n.id()).isEmpty()) {
        bridges.delete(n.bridge());
      }
    }
    if (attacher.endpointCount() == 0) {
      iptables.removeUnusedSharedChains();
    }
  }

  public synchronized Map<String, Object> create(NetworkCreateRequest request) {
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
    try (var lock = HostLock.acquire()) {
      return create(request, driver);
    }
  }

  private Map<String, Object> create(NetworkCreateRequest request, String driver) {
    var id = randomId();
    var opts = request.options() == null ? Map.<String, String>of() : Map.copyOf(request.options());
    var ipamDriver = request.ipam() == null || request.ipam().driver() == null || request.ipam().driver().isEmpty()
        ? "default" : request.ipam().driver();
    var ipamOptions = request.ipam() == null || request.ipam().options() == null ? Map.<String, String>of() : request.ipam().options();
    var given = request.ipam() == null ? null : request.ipam().config();
    var pools = ipamDriver.equals("default") ? ipamPools(given) : plugins.requestPools(id, ipamDriver, ipamOptions, given);
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
        request.attachable(), Boolean.TRUE.equals(request.enableIPv6()), ipMasq, ipamDriver, ipamOptions, pools, opts,
        request.labels() == null ? Map.of() : Map.copyOf(request.labels()), bridge, mtu, false);
    if (!network.usesCni() || !ipamDriver.equals("default")) {
      plugins.createNetwork(new NetworkPlugins.NetworkSpec(id, driver, ipamDriver, opts, pools, request.internal(),
          network.enableIPv6()));
    }
    if (bridge != null) {
      bridges.ensure(bridge, network.gatewayCidr(), mtu, options.dataRoot().toString());
    }
    store.save(network);
    networks.put(id, network);
    emit("create", network, null);
    var reply = new LinkedHashMap<String, Object>();
    reply.put("Id", id);
    reply.put("Warning", "");
    return reply;
  }

  public synchronized List<Map<String, Object>> list(Filters filters) {
    filters.accept(LIST_FILTERS);
    var out = new ArrayList<Map<String, Object>>();
    for (var n : networks.values()) {
      if (matches(n, filters)) {
        out.add(NetworkViews.network(n, List.of()));
      }
    }
    return out;
  }

  public synchronized Map<String, Object> inspect(String ref) {
    return NetworkViews.network(find(ref), attacher.endpoints());
  }

  public synchronized void remove(String ref) {
    var n = find(ref);
    if (n.predefined()) {
      throw new Forbidden(n.name() + " is a pre-defined network and cannot be removed");
    }
    var users = attacher.usersOf(n.id());
    if (!users.isEmpty()) {
      var list = users.stream().map(u -> "name:\"" + u.get(0) + "\" id:\"" + u.get(1) + "\"").toList();
      throw new Forbidden("error while removing network: network " + n.name() + " has active endpoints ("
          + String.join(", ", list) + ")");
    }
    delete(n);
  }

  /**
   * {@code POST /networks/{id}/connect}: a running container gets a new interface now; a stopped
   * one joins at its next start. Either way the network is kept in the container's settings.
   */
  public void connect(String networkRef, String containerRef, Map<String, Object> endpointConfig) {
    var network = find(networkRef);
    var config = endpointConfig == null ? Map.<String, Object>of() : endpointConfig;
    if (containers == ContainerDirectory.NONE) { // no container service (in-process use): running containers only
      attacher.connect(network, containerRef, config);
      return;
    }
    var c = containers.get(containerRef);
    if (attacher.isUp(c.id())) {
      attacher.connect(network, c.id(), config);
    } else {
      checkConnectStopped(network, c, config);
    }
    var stored = new LinkedHashMap<>(c.endpointsConfig());
    stored.put(network.name(), config);
    containers.setEndpointsConfig(c.id(), stored);
    emit("connect", network, c.id());
  }

  /** moby's checks for a container that is not running ({@code daemon/container_operations.go}). */
  private void checkConnectStopped(NetworkRecord network, ContainerDirectory.Entry c, Map<String, Object> config) {
    var mode = c.networkMode() == null || c.networkMode().isEmpty() ? "default" : c.networkMode();
    if (mode.equals("host") || mode.startsWith("container:") || network.predefined() && !network.defaultBridge()) {
      throw new Forbidden("container cannot be disconnected from host network or connected to host network");
    }
    if (mode.equals("none")) {
      throw new Forbidden("container cannot be connected to multiple networks with one of the networks in private (none) mode");
    }
    if (joins(c, network)) {
      throw new Forbidden("endpoint with name " + c.name() + " already exists in network " + network.name());
    }
    AttachPlan.target(network, config);
  }

  /** Whether a stopped container joins {@code network} at start (its mode's network or a connected one). */
  private boolean joins(ContainerDirectory.Entry c, NetworkRecord network) {
    var mode = c.networkMode() == null || c.networkMode().isEmpty() || c.networkMode().equals("default")
        ? "bridge" : c.networkMode();
    if (mode.equals(network.name()) || mode.equals(network.id())) {
      return true;
    }
    for (var key : c.endpointsConfig().keySet()) {
      var k = key.equals("default") ? "bridge" : key;
      if (k.equals(network.name()) || k.equals(network.id())) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code POST /networks/{id}/disconnect}: from a running container now; from a stopped one, the
   * network it was connected to is dropped from its settings.
   */
  public void disconnect(String networkRef, String containerRef) {
    var network = find(networkRef);
    if (containers == ContainerDirectory.NONE) {
      attacher.disconnect(network, containerRef);
      return;
    }
    var c = containers.get(containerRef);
    if (attacher.isUp(c.id())) {
      attacher.disconnect(network, c.id());
    } else if (!joins(c, network)) {
      throw new Forbidden("container " + c.id() + " is not connected to network " + network.name());
    }
    var stored = new LinkedHashMap<>(c.endpointsConfig());
    boolean removed = stored.keySet().removeIf(k -> k.equals(network.name()) || k.equals(network.id())
        || k.equals("default") && network.defaultBridge());
    if (!removed && !attacher.isUp(c.id())) {
      throw new NotImplemented("Berth cannot disconnect a stopped container from the network of its --network (" + network.name() + ")");
    }
    containers.setEndpointsConfig(c.id(), stored);
    emit("disconnect", network, c.id());
  }

  /** Removes every unused user-defined network matching {@code until}/{@code label}; returns their names. */
  public synchronized List<String> prune(Filters filters) {
    filters.accept(Set.of("until", "label", "label!"));
    var deleted = new ArrayList<String>();
    for (var n : List.copyOf(networks.values())) {
      if (!n.predefined() && attacher.usersOf(n.id()).isEmpty() && filters.matchesLabels(n.labels())
          && Timestamps.before(n.created(), filters.get("until"))) {
        delete(n);
        deleted.add(n.name());
      }
    }
    return deleted;
  }

  /** Looks a network up by full id, name, or unique id prefix (dockerd's order). */
  synchronized NetworkRecord find(String ref) {
    var byId = networks.get(ref);
    if (byId != null) {
      return byId;
    }
    for (var n : networks.values()) {
      if (n.name().equals(ref)) {
        return n;
      }
    }
    var matches = networks.values().stream().filter(n -> !ref.isEmpty() && n.id().startsWith(ref)).toList();
    if (matches.size() == 1) {
      return matches.getFirst();
    }
    if (matches.size() > 1) {
      throw new InvalidArgument("network " + ref + " is ambiguous (" + matches.size() + " matches found based on ID prefix)");
    }
    throw new NotFound("network " + ref + " not found");
  }

  synchronized Map<String, NetworkRecord> byId() {
    return new HashMap<>(networks);
  }

  /** What {@code host-gateway} stands for: daemon.json {@code host-gateway-ip}, else the default bridge's gateway. */
  synchronized String hostGatewayIp() {
    if (options.hostGatewayIp() != null) {
      return options.hostGatewayIp();
    }
    var bridge = defaultBridgeNetwork();
    return bridge == null ? "" : bridge.ipam().getFirst().gateway();
  }

  synchronized NetworkRecord defaultBridgeNetwork() {
    return networks.values().stream().filter(NetworkRecord::defaultBridge).findFirst().orElse(null);
  }

  private void delete(NetworkRecord n) {
    plugins.deleteNetwork(n.id());
    if (n.isBridge()) {
      bridges.delete(n.bridge());
    }
    attacher.leases().removeNetwork(n.cniName());
    store.delete(n);
    networks.remove(n.id());
    if (attacher.endpointCount() == 0) {
      iptables.removeUnusedSharedChains();
    }
    emit("destroy", n, null);
  }

  private boolean matches(NetworkRecord n, Filters f) {
    var type = n.predefined() ? "builtin" : "custom";
    return (!f.has("driver") || f.get("driver").contains(n.driver()))
        && (!f.has("id") || f.get("id").stream().anyMatch(n.id()::startsWith))
        && (!f.has("name") || f.get("name").stream().anyMatch(n.name()::contains))
        && (!f.has("scope") || f.get("scope").contains("local"))
        && (!f.has("type") || f.get("type").contains(type))
        && (!f.has("dangling") || dangling(f.get("dangling")) == (!n.predefined() && attacher.usersOf(n.id()).isEmpty()))
        && f.matchesLabels(n.labels());
  }

  private static boolean dangling(Set<String> values) {
    var v = values.iterator().next().toLowerCase();
    if (!v.equals("true") && !v.equals("false") && !v.equals("1") && !v.equals("0")) {
      throw new InvalidArgument("invalid filter 'dangling=" + v + "'");
    }
    return v.equals("true") || v.equals("1");
  }

  /** Validates given IPAM configs, or picks a free subnet from the pools. */
  private List<IpamPool> ipamPools(List<IpamPool> given) {
    if (given == null || given.isEmpty() || given.getFirst().subnet() == null || given.getFirst().subnet().isEmpty()) {
      var subnet = SubnetChooser.choose(options.pools(), taken());
      return List.of(new IpamPool(subnet.toString(), null, Cidr.format(subnet.host(1)), null));
    }
    if (given.size() > 1) {
      throw new NotImplemented("Berth supports one IPv4 subnet per network");
    }
    var pool = given.getFirst();
    var subnet = parse(pool.subnet(), "invalid subnet " + pool.subnet() + " : invalid CIDR address: " + pool.subnet());
    if (!subnet.isNetwork()) {
      throw new Forbidden("invalid pool request: Pool " + subnet + " is not a network address");
    }
    if (networks.values().stream().filter(NetworkRecord::usesCni).anyMatch(n -> n.subnet().overlaps(subnet))) {
      throw new Forbidden("invalid pool request: Pool overlaps with other one on this address space");
    }
    String gateway = pool.gateway() == null || pool.gateway().isEmpty() ? Cidr.format(subnet.host(1)) : pool.gateway();
    var gw = parse(gateway, "invalid gateway address " + gateway);
    if (!subnet.contains(gw.address())) {
      throw new Forbidden("no matching subnet for gateway " + gateway);
    }
    if (pool.ipRange() != null && !pool.ipRange().isEmpty()) {
      var range = parse(pool.ipRange(), "invalid ip-range " + pool.ipRange());
      if (!subnet.containsCidr(range)) {
        throw new Forbidden("no matching subnet for range " + pool.ipRange());
      }
    }
    return List.of(new IpamPool(subnet.toString(), pool.ipRange(), gw.addressText(), pool.auxAddresses()));
  }

  private static Cidr parse(String text, String error) {
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgument(error);
    }
  }

  /** Subnets a new network must not overlap: host routes (but our own bridges') and our networks. */
  private List<Cidr> taken() {
    return takenBesides(null);
  }

  /** As {@link #taken()}, leaving out network {@code excludedId}'s own subnet (its bridge's route included). */
  private List<Cidr> takenBesides(String excludedId) {
    var ours = new java.util.HashSet<String>();
    var taken = new ArrayList<Cidr>();
    for (var n : networks.values()) {
      if (n.isBridge()) {
        ours.add(n.bridge());
      }
      if (!n.ipam().isEmpty() && !n.id().equals(excludedId)) {
        taken.add(n.subnet());
      }
    }
    for (var r : routes.read()) {
      if (!ours.contains(r.device())) {
        taken.add(r.destination());
      }
    }
    return taken;
  }

  private void ensurePredefined(String name, String driver) {
    if (networks.values().stream().noneMatch(n -> n.name().equals(name))) {
      var n = new NetworkRecord(randomId(), name, driver, Timestamps.now(), false, false, false, false, "default",
          null, List.of(), Map.of(), Map.of(), null, 0, false);
      store.save(n);
      networks.put(n.id(), n);
    }
  }

  private void ensureDefaultBridge() {
    var existing = defaultBridgeNetwork();
    var pools = defaultBridgePools(existing);
    var opts = new LinkedHashMap<String, String>();
    opts.put("com.docker.network.bridge.default_bridge", "true");
    opts.put("com.docker.network.bridge.enable_icc", "true");
    opts.put("com.docker.network.bridge.enable_ip_masquerade", "true");
    opts.put("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0");
    opts.put("com.docker.network.bridge.name", options.defaultBridge());
    opts.put("com.docker.network.driver.mtu", Integer.toString(options.mtu() > 0 ? options.mtu() : 1500));
    var id = existing == null ? randomId() : existing.id();
    var created = existing == null ? Timestamps.now() : existing.created();
    var n = new NetworkRecord(id, "bridge", "bridge", created, false, false, false, true, "default", null, pools,
        opts, Map.of(), options.defaultBridge(), options.mtu(), true);
    if (!n.equals(existing)) {
      store.save(n);
    }
    networks.put(id, n);
  }

  /** bip and fixed-cidr when given; else the stored subnet while still free; else the first free pool. */
  private List<IpamPool> defaultBridgePools(NetworkRecord existing) {
    var fixed = options.fixedCidr() == null || options.fixedCidr().isEmpty() ? null : options.fixedCidr();
    if (options.bip() != null && !options.bip().isEmpty()) {
      var bip = parse(options.bip(), "invalid bip " + options.bip());
      return List.of(new IpamPool(bip.network().toString(), fixed, bip.addressText(), null));
    }
    if (existing != null) {
      // The bridge of an earlier run may still be up with this subnet's route: that route is ours,
      // not a reason to move the default bridge (its containers may still run, under live-restore).
      var stillFree = takenBesides(existing.id()).stream().noneMatch(existing.subnet()::overlaps);
      networks.remove(existing.id());
      if (stillFree && (fixed == null || fixed.equals(existing.ipam().getFirst().ipRange()))) {
        return existing.ipam();
      }
    }
    if (fixed != null) {
      var range = parse(fixed, "invalid fixed-cidr " + fixed);
      var subnet = range.network();
      return List.of(new IpamPool(subnet.toString(), fixed, Cidr.format(subnet.host(1)), null));
    }
    var subnet = SubnetChooser.choose(options.pools(), taken());
    return List.of(new IpamPool(subnet.toString(), null, Cidr.format(subnet.host(1)), null));
  }

  private static int parseMtu(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    try {
      int mtu = Integer.parseInt(text);
      if (mtu < 68) {
        throw new InvalidArgument("invalid MTU " + text + ": must be at least 68");
      }
      return mtu;
    } catch (NumberFormatException e) {
      throw new InvalidArgument("invalid MTU " + text);
    }
  }

  static String randomId() {
    var bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
