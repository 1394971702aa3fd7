package dev.berth.engine.network;

import dev.berth.engine.error.Forbidden;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.model.Filters;
import dev.berth.netplug.BridgeLinks;
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
  private final Map<String, NetworkRecord> networks = new LinkedHashMap<>();
  private final NetworkFactory factory;
  private final ContainerAttacher attacher;
  private final ContainerJoins joins;
  private final NetworkPlugins plugins;
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
    this.factory = new NetworkFactory(options, bridges, plugins, new IpamPools(options, routes, networks), networks);
    this.attacher = new ContainerAttacher(this, options, store, iptables, plugins);
    this.joins = new ContainerJoins(this, attacher);
  }

  /**
   * Wires in what is made after this service (the container service needs this one first): the
   * containers, for connect/disconnect of stopped ones, and the event bus.
   */
  public void connectTo(ContainerDirectory containers, NetworkEvents events) {
    joins.use(containers);
    this.events = events;
  }

  /**
   * Start-up scan, once the containers are loaded: undoes the networking (namespace, interfaces,
   * rules, leases, resolver) kept for containers that no longer exist.
   */
  public void removeOrphanEndpoints() {
    joins.removeOrphanEndpoints();
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
        var existing = defaultBridgeNetwork();
        var bridge = factory.defaultBridge(existing);
        if (!bridge.equals(existing)) {
          store.save(bridge);
        }
        networks.put(bridge.id(), bridge);
      }
      for (var n : networks.values()) {
        if (n.isBridge()) {
          bridges.ensure(n.bridge(), n.gatewayCidr(), n.gatewayCidr6().orElse(null), n.mtu(), options.dataRoot().toString());
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
    var driver = factory.checkedDriver(request);
    try (var lock = HostLock.acquire()) {
      var network = factory.create(request, driver);
      put(network);
      emit("create", network, null);
      var reply = new LinkedHashMap<String, Object>();
      reply.put("Id", network.id());
      reply.put("Warning", "");
      return reply;
    }
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
    joins.connect(find(networkRef), containerRef, endpointConfig);
  }

  /**
   * {@code POST /networks/{id}/disconnect}: from a running container now; from a stopped one, the
   * network it was connected to is dropped from its settings.
   */
  public void disconnect(String networkRef, String containerRef) {
    joins.disconnect(find(networkRef), containerRef);
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

  private void ensurePredefined(String name, String driver) {
    if (networks.values().stream().noneMatch(n -> n.name().equals(name))) {
      put(factory.predefined(name, driver));
    }
  }

  private void put(NetworkRecord n) {
    store.save(n);
    networks.put(n.id(), n);
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

  static String randomId() {
    var bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
