package dev.berth.engine.network;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.EngineException;
import dev.berth.engine.error.Forbidden;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import dev.berth.netplug.CniAttachment;
import dev.berth.netplug.CniResult;
import dev.berth.netplug.CniRuntime;
import dev.berth.netplug.HostLocalLeases;
import dev.berth.netplug.Iptables;
import dev.berth.netplug.NetnsFiles;
import dev.berth.netplug.NetworkOperationException;
import dev.berth.netplug.PortProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Joins containers to networks: a namespace per container, one CNI attachment per network
 * (eth0, eth1 …), published ports; and takes it all down again. Every step is recorded in the
 * endpoint file first, so a crash at any point leaves something the start-up scan can undo.
 * Thread-safe: one lock per container.
 */
final class ContainerAttacher implements ContainerNetworking {
  private static final System.Logger LOG = System.getLogger("berth.network");

  private final NetworkService networks;
  private final NetworkStore store;
  private final Iptables iptables;
  private final NetnsFiles netns;
  private final CniRuntime cni;
  private final HostLocalLeases leases;
  private final PortPublisher ports;
  private final ContainerDns dns;
  private final Map<String, EndpointRecord> endpoints = new ConcurrentHashMap<>();
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final NetworkPlugins plugins;

  ContainerAttacher(NetworkService networks, NetworkOptions options, NetworkStore store, Iptables iptables,
      NetworkPlugins plugins) {
    this.networks = networks;
    this.plugins = plugins;
    this.store = store;
    this.iptables = iptables;
    this.netns = new NetnsFiles(options.execRoot());
    this.cni = new CniRuntime(options.cniPluginDir());
    this.leases = new HostLocalLeases(store.ipamDir());
    this.ports = new PortPublisher(new PortProxy(options.userlandProxy()));
    this.dns = new ContainerDns(options, options.hostResolvConf());
  }

  @Override
  public NetworkSetup setUp(NetworkRequest request) {
    var lock = locks.computeIfAbsent(request.containerId(), k -> new ReentrantLock());
    lock.lock();
    try {
      tearDownLocked(request.containerId());
      var plan = AttachPlan.of(request, networks);
      var setup = switch (plan.mode()) {
        case "host" -> hostSetup(request, plan);
        case "container" -> joinSetup(plan);
        default -> namespaceSetup(request, plan);
      };
      emitForAttachments("connect", request.containerId());
      return setup;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void tearDown(String containerId) {
    var lock = locks.computeIfAbsent(containerId, k -> new ReentrantLock());
    lock.lock();
    try {
      emitForAttachments("disconnect", containerId);
      tearDownLocked(containerId);
    } finally {
      lock.unlock();
      locks.remove(containerId, lock);
    }
  }

  /** A network event per network the container is attached to (dockerd's on start and stop). */
  private void emitForAttachments(String action, String containerId) {
    var record = endpoints.get(containerId);
    if (record == null) {
      return;
    }
    var byId = networks.byId();
    for (var a : record.attachments()) {
      var n = byId.get(a.networkId());
      if (n != null) {
        networks.emit(action, n, containerId);
      }
    }
  }

  /** Whether the container's networking is set up (it runs, or its start is under way). */
  boolean isUp(String containerId) {
    return endpoints.containsKey(containerId);
  }

  private NetworkSetup hostSetup(NetworkRequest request, AttachPlan plan) {
    var host = plan.targets().getFirst().network();
    var attachment = new EndpointRecord.Attachment(host.id(), host.name(), "", NetworkService.randomId(), "", 0, "", "",
        null, null, null, null, null, null);
    var record = new EndpointRecord(request.containerId(), plan.containerName(), request.hostname(), "host", null,
        NetworkService.randomId(), List.of(attachment), List.of(), request.exposedPorts(), request.env(), Map.of(), null);
    save(record);
    return NetworkSetup.plain(null, true, NetworkViews.settings(record, networks.byId()), networks.hostGatewayIp());
  }

  private NetworkSetup joinSetup(AttachPlan plan) {
    var other = find(plan.joinContainer());
    if (other == null || other.netnsPath() == null) {
      throw new NotFound("No such container: " + plan.joinContainer());
    }
    var settings = NetworkViews.settings(new EndpointRecord("", "", "", "container", "", "", List.of(), List.of(),
        Map.of(), List.of(), Map.of(), null), networks.byId());
    return NetworkSetup.plain(other.netnsPath(), false, settings, networks.hostGatewayIp());
  }

  private NetworkSetup namespaceSetup(NetworkRequest request, AttachPlan plan) {
    var id = request.containerId();
    var path = netns.path(id).toString();
    var links = Link.parse(request.hostConfig() == null ? null : request.hostConfig().links());
    var aliases = new java.util.LinkedHashMap<String, String>();
    links.forEach(l -> aliases.put(l.alias(), l.name()));
    var record = new EndpointRecord(id, plan.containerName(), request.hostname(), plan.mode(), path,
        NetworkService.randomId(), List.of(), List.of(), request.exposedPorts(), request.env(), aliases, null);
    save(record);
    try {
      netns.create(id);
      if (plan.mode().equals("none")) {
        var none = plan.targets().getFirst().network();
        record = record.withAttachments(List.of(new EndpointRecord.Attachment(none.id(), none.name(), "",
            NetworkService.randomId(), "", 0, "", "", null, null, null, null, null, null)));
        save(record);
        return NetworkSetup.plain(path, false, NetworkViews.settings(record, networks.byId()), networks.hostGatewayIp());
      }
      var primary = plan.targets().getFirst().network();
      var legacy = primary.defaultBridge() ? legacyLinks(plan.containerName(), links) : null;
      record = attachAll(request, plan, record);
      var first = record.attachments().getFirst();
      var hosts = new ArrayList<String>();
      if (request.hostname() != null && !request.hostname().isEmpty()) {
        hosts.add(first.ipAddress() + "\t" + request.hostname());
      }
      var env = new ArrayList<String>();
      if (legacy != null) {
        hosts.addAll(legacy.hosts());
        env.addAll(legacy.env());
      }
      boolean resolver = plan.targets().stream().anyMatch(t -> !t.network().defaultBridge());
      List<String> upstream = List.of();
      if (resolver) {
        upstream = dns.upstream(request.hostConfig(), primary);
        record = record.withDnsUpstream(upstream);
        save(record);
        dns.start(id, path, upstream, name -> resolve(id, name));
      }
      return new NetworkSetup(path, false, NetworkViews.settings(record, networks.byId()), hosts, resolver, upstream,
          env, networks.hostGatewayIp());
    } catch (RuntimeException e) {
      tearDownLocked(id);
      if (e instanceof EngineException) {
        throw e;
      }
      throw new SystemError("failed to set up container networking: " + e.getMessage(), e);
    }
  }

  private record Legacy(List<String> hosts, List<String> env) {}

  /**
   * The hosts lines and variables of {@code --link} on the default bridge; each linked container
   * must run there (moby's errors).
   */
  private Legacy legacyLinks(String parentName, List<Link> links) {
    var hosts = new ArrayList<String>();
    var env = new ArrayList<String>();
    for (var link : links) {
      var child = find(link.name());
      if (child == null || child.attachments().isEmpty()) {
        throw new InvalidArgument("Cannot link to a non running container: /" + link.name() + " AS /" + parentName + "/"
            + link.alias());
      }
      var onBridge = child.attachments().stream().filter(a -> a.dnsNames() == null && !a.ipAddress().isEmpty()
          && a.networkName().equals("bridge")).findFirst();
      if (onBridge.isEmpty()) {
        throw new InvalidArgument("Cannot link to /" + child.containerName() + ", as it does not belong to the default network");
      }
      var ip = onBridge.get().ipAddress();
      hosts.add(link.hostsLine(ip, child.hostname()));
      env.addAll(link.env(parentName, ip, child.exposedPorts(), child.env()));
    }
    return new Legacy(hosts, env);
  }

  private EndpointRecord attachAll(NetworkRequest request, AttachPlan plan, EndpointRecord record) {
    var id = request.containerId();
    var firstEndpointId = NetworkService.randomId();
    // Ports are published through the primary network's bridge (macvlan/ipvlan publish nothing, as in dockerd).
    var requests = plan.targets().getFirst().network().isBridge()
        ? PortRequest.from(request.hostConfig(), request.exposedPorts()) : List.<PortRequest>of();
    var published = ports.publish(id, plan.containerName(), firstEndpointId, requests);
    // Every attachment is recorded (config, no result yet) before the first ADD, so a crash
    // anywhere below leaves a record the start-up scan can DEL; then once more with the results.
    var attachments = new ArrayList<EndpointRecord.Attachment>();
    for (int i = 0; i < plan.targets().size(); i++) {
      var endpointId = i == 0 ? firstEndpointId : NetworkService.randomId();
      attachments.add(pending(id, plan.targets().get(i), "eth" + i, endpointId, plan.containerName(),
          i == 0 && !published.isEmpty()));
    }
    record = record.withAttachments(attachments).withPorts(published);
    save(record);
    for (int i = 0; i < attachments.size(); i++) {
      attachments.set(i, join(record, i));
      record = record.withAttachments(attachments);
      endpoints.put(id, record);
    }
    save(record);
    ports.retarget(id, attachments.getFirst().ipAddress());
    return record;
  }

  private EndpointRecord.Attachment pending(
      String containerId, AttachPlan.Target target, String ifName, String endpointId, String containerName,
      boolean publishesPorts) {
    var n = target.network();
    var byPlugin = plugins.joinsByPlugin(n.id());
    return new EndpointRecord.Attachment(n.id(), n.name(), ifName, endpointId, "", 0, "", "",
        target.ip(), target.mac(), target.aliases(containerId), target.dnsNames(containerName, containerId),
        byPlugin ? null : CniConfigs.forNetwork(n, leases.dataDir(), publishesPorts), null,
        byPlugin ? null : plugins.requestAddress(n.id(), target.ip()));
  }

  /** Joins attachment {@code i}: CNI ADD, or the network's driver plugin (engine.network.remote). */
  private EndpointRecord.Attachment join(EndpointRecord record, int i) {
    var a = record.attachments().get(i);
    if (!plugins.joinsByPlugin(a.networkId())) {
      return added(a, add(a.cni(), cniAttachment(record, i)));
    }
    var j = plugins.join(new NetworkPlugins.EndpointSpec(a.networkId(), a.networkName(), a.endpointId(),
        record.containerName(), record.netnsPath(), a.ifName(), a.requestedIp(), a.requestedMac()));
    return new EndpointRecord.Attachment(a.networkId(), a.networkName(), a.ifName(), a.endpointId(), j.ip(),
        j.prefixLen(), j.gateway(), j.mac(), a.requestedIp(), a.requestedMac(), a.aliases(), a.dnsNames(), null, null);
  }

  /**
   * CNI ADD, retried once when another daemon on the host removed the plugins' shared iptables
   * chains between the plugin's check and its rule (they are dropped when nothing uses them).
   */
  private CniResult add(dev.berth.netplug.CniNetwork conf, CniAttachment attachment) {
    for (int attempt = 1; ; attempt++) {
      try {
        return cni.add(conf, attachment);
      } catch (NetworkOperationException e) {
        var m = e.getMessage() == null ? "" : e.getMessage();
        boolean lostChain = m.contains("No chain/target/match") || (m.contains("Chain '") && m.contains("does not exist"));
        if (!lostChain || attempt == 3) {
          throw e;
        }
      }
    }
  }

  private EndpointRecord.Attachment added(EndpointRecord.Attachment a, CniResult result) {
    var ip = result.ipv4(a.ifName());
    var internal = a.cni().plugins().getFirst().get("isGateway") == Boolean.FALSE;
    return new EndpointRecord.Attachment(a.networkId(), a.networkName(), a.ifName(), a.endpointId(),
        ip.address().addressText(), ip.address().prefix(), internal ? "" : ip.gateway(),
        result.containerInterface(a.ifName()).mac(), a.requestedIp(), a.requestedMac(), a.aliases(), a.dnsNames(), a.cni(), result.raw());
  }

  /** Adds one attachment to a running container: recorded before ADD (so a crash can be undone) and after. */
  private EndpointRecord attachOne(EndpointRecord record, AttachPlan.Target target, String ifName) {
    var attachments = new ArrayList<>(record.attachments());
    attachments.add(pending(record.containerId(), target, ifName, NetworkService.randomId(), record.containerName(), false));
    int index = attachments.size() - 1;
    record = record.withAttachments(attachments);
    save(record);
    attachments.set(index, join(record, index));
    record = record.withAttachments(attachments);
    save(record);
    return record;
  }

  /** {@code docker network connect}: a new interface (eth1, eth2 …) in a running container. */
  void connect(NetworkRecord network, String containerRef, Map<String, Object> endpointConfig) {
    var record = running(containerRef);
    var lock = locks.computeIfAbsent(record.containerId(), k -> new ReentrantLock());
    lock.lock();
    try {
      record = running(record.containerId());
      if (!record.mode().equals("bridge") || !network.usesCni() && !plugins.joinsByPlugin(network.id())) {
        throw new Forbidden("container cannot be disconnected from host network or connected to host network");
      }
      if (record.attachments().stream().anyMatch(a -> a.networkId().equals(network.id()))) {
        throw new Forbidden("endpoint with name " + record.containerName() + " already exists in network " + network.name());
      }
      var used = record.attachments().stream().map(EndpointRecord.Attachment::ifName).toList();
      int n = 0;
      while (used.contains("eth" + n)) {
        n++;
      }
      var target = AttachPlan.target(network, endpointConfig == null ? Map.of() : endpointConfig);
      try {
        attachOne(record, target, "eth" + n);
      } catch (RuntimeException e) {
        var failed = endpoints.get(record.containerId());
        if (failed.attachments().size() > record.attachments().size()) {
          detach(failed, failed.attachments().size() - 1);
        }
        if (e instanceof EngineException) {
          throw e; // a plugin's refusal, already in dockerd's words
        }
        throw new SystemError("failed to connect to network " + network.name() + ": " + e.getMessage(), e);
      }
    } finally {
      lock.unlock();
    }
  }

  /** {@code docker network disconnect}: removes the container's interface on that network. */
  void disconnect(NetworkRecord network, String containerRef) {
    var record = running(containerRef);
    var lock = locks.computeIfAbsent(record.containerId(), k -> new ReentrantLock());
    lock.lock();
    try {
      record = running(record.containerId());
      for (int i = 0; i < record.attachments().size(); i++) {
        if (record.attachments().get(i).networkId().equals(network.id())) {
          if (!record.mode().equals("bridge")) {
            throw new Forbidden("container cannot be disconnected from host network or connected to host network");
          }
          detach(record, i);
          return;
        }
      }
      throw new Forbidden("container " + record.containerId() + " is not connected to network " + network.name());
    } finally {
      lock.unlock();
    }
  }

  private void detach(EndpointRecord record, int index) {
    var a = record.attachments().get(index);
    try {
      plugins.leave(a.networkId(), a.endpointId(), record.netnsPath(), a.leaseIp());
      if (a.cni() != null) {
        cni.del(a.cni(), cniAttachment(record, index), a.cniResult());
      }
    } catch (NetworkOperationException e) {
      LOG.log(System.Logger.Level.WARNING, "CNI DEL for " + record.containerId() + " on " + a.networkName() + ": " + e.getMessage());
    }
    var rest = new ArrayList<>(record.attachments());
    rest.remove(index);
    save(record.withAttachments(rest));
  }

  private EndpointRecord running(String ref) {
    var record = find(ref);
    if (record == null || record.netnsPath() == null && !record.mode().equals("host")) {
      throw new Conflict("container " + ref + " is not running");
    }
    return record;
  }

  @Override
  public Optional<Map<String, Object>> settings(String containerId) {
    var record = endpoints.get(containerId);
    return record == null ? Optional.empty() : Optional.of(NetworkViews.settings(record, networks.byId()));
  }

  private CniAttachment cniAttachment(EndpointRecord record, int index) {
    var a = record.attachments().get(index);
    var caps = new java.util.HashMap<String, Object>();
    if (index == 0 && !record.ports().isEmpty()) {
      caps.put("portMappings", CniConfigs.portMappings(record.ports()));
    }
    if (a.requestedMac() != null) {
      caps.put("mac", a.requestedMac());
    }
    var ip = a.assignIp();
    var args = ip == null || ip.isEmpty() ? List.<String>of() : List.of("IP=" + ip);
    return new CniAttachment(record.containerId(), record.netnsPath(), a.ifName(), caps, args);
  }

  private void tearDownLocked(String containerId) {
    var record = endpoints.remove(containerId);
    if (record == null) {
      record = store.endpoint(containerId).orElse(null);
    }
    ports.release(containerId);
    dns.stop(containerId);
    if (record != null) {
      boolean namespaceGone = !netns.exists(containerId);
      for (int i = record.attachments().size() - 1; i >= 0; i--) {
        var a = record.attachments().get(i);
        plugins.leave(a.networkId(), a.endpointId(), record.netnsPath(), a.leaseIp());
        if (a.cni() == null) {
          continue;
        }
        try {
          cni.del(a.cni(), cniAttachment(record, i), a.cniResult());
        } catch (NetworkOperationException e) {
          LOG.log(System.Logger.Level.WARNING, "CNI DEL for " + containerId + " on " + a.networkName() + ": " + e.getMessage());
        }
        if (namespaceGone && !a.ipAddress().isEmpty()) {
          iptables.removeMasquerade(a.cni().name(), containerId, a.ipAddress());
        }
      }
    }
    netns.remove(containerId);
    store.deleteEndpoint(containerId);
  }

  /** Start-up scan: keep endpoints whose namespace survived, undo the rest, drop strays. */
  void reconcile() {
    for (var record : store.endpoints()) {
      boolean needsNetns = !record.mode().equals("host");
      if (needsNetns && !netns.exists(record.containerId())) {
        tearDown(record.containerId());
        continue;
      }
      endpoints.put(record.containerId(), record);
      if (!record.ports().isEmpty() && !record.attachments().isEmpty()) {
        ports.restore(record.containerId(), record.ports(), record.attachments().getFirst().ipAddress());
      }
      if (record.dnsUpstream() != null) {
        restartDns(record);
      }
    }
    for (var id : netns.list()) {
      if (!endpoints.containsKey(id)) {
        netns.remove(id);
      }
    }
    leases.removeLeasesExcept(endpoints.keySet());
    if (endpoints.isEmpty()) {
      iptables.removeUnusedSharedChains();
    }
  }

  /** At daemon shutdown: stops the port relays and resolvers (the namespaces' rules stay for the next start). */
  void closeRelays() {
    endpoints.keySet().forEach(ports::release);
    dns.stopAll();
  }

  int endpointCount() {
    return endpoints.size();
  }

  List<EndpointRecord> endpoints() {
    return List.copyOf(endpoints.values());
  }

  HostLocalLeases leases() {
    return leases;
  }

  private void restartDns(EndpointRecord record) {
    var id = record.containerId();
    try {
      dns.start(id, record.netnsPath(), record.dnsUpstream(), name -> resolve(id, name));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "embedded DNS of " + id + " not restored: " + e.getMessage());
    }
  }

  /**
   * What the embedded DNS of {@code containerId} answers for {@code name}: a link alias stands for
   * its container; then the addresses of every container known by that name on the networks this
   * container shares with it (user-defined networks only).
   */
  List<String> resolve(String containerId, String name) {
    var self = endpoints.get(containerId);
    if (self == null) {
      return List.of();
    }
    var wanted = name;
    if (self.links() != null) {
      for (var link : self.links().entrySet()) {
        if (link.getKey().equalsIgnoreCase(name)) {
          wanted = link.getValue();
        }
      }
    }
    var ips = new java.util.LinkedHashSet<String>();
    for (var a : self.attachments()) {
      if (a.dnsNames() != null) {
        ips.addAll(lookup(a.networkId(), wanted));
      }
    }
    return List.copyOf(ips);
  }

  /** The addresses of the containers on {@code networkId} known by {@code name} (DNS names are case-insensitive). */
  List<String> lookup(String networkId, String name) {
    var ips = new ArrayList<String>();
    for (var e : endpoints.values()) {
      for (var a : e.attachments()) {
        if (a.networkId().equals(networkId) && a.dnsNames() != null && !a.ipAddress().isEmpty()
            && a.dnsNames().stream().anyMatch(name::equalsIgnoreCase)) {
          ips.add(a.ipAddress());
        }
      }
    }
    return ips;
  }

  /** [container name, short endpoint id] of every container attached to the network. */
  List<List<String>> usersOf(String networkId) {
    var users = new ArrayList<List<String>>();
    for (var e : endpoints.values()) {
      for (var a : e.attachments()) {
        if (a.networkId().equals(networkId)) {
          users.add(List.of(e.containerName(), a.endpointId().substring(0, 12)));
        }
      }
    }
    return users;
  }

  private EndpointRecord find(String ref) {
    var direct = endpoints.get(ref);
    if (direct != null) {
      return direct;
    }
    var name = ref.startsWith("/") ? ref.substring(1) : ref;
    for (var e : endpoints.values()) {
      if (e.containerName().equals(name) || e.containerId().startsWith(ref)) {
        return e;
      }
    }
    return null;
  }

  private void save(EndpointRecord record) {
    endpoints.put(record.containerId(), record);
    store.save(record);
  }
}
