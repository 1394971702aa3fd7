package dev.berth.engine.network;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.EngineException;
import dev.berth.engine.error.Forbidden;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import dev.berth.model.HostConfig;
import dev.berth.netplug.CniRuntime;
import dev.berth.netplug.HostLocalLeases;
import dev.berth.netplug.Iptables;
import dev.berth.netplug.NetnsFiles;
import dev.berth.netplug.PortProxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Joins containers to networks: a namespace per container, one attachment per network (eth0,
 * eth1 …), published ports, the embedded DNS; and takes it all down again. Every step is recorded
 * in the endpoint file first, so a crash at any point leaves something the start-up scan can undo.
 * Thread-safe: one lock per container.
 */
final class ContainerAttacher implements ContainerNetworking {
  private final NetworkService networks;
  private final Iptables iptables;
  private final NetnsFiles netns;
  private final HostLocalLeases leases;
  private final AttachmentSteps steps;
  private final PortPublisher ports;
  private final ContainerDns dns;
  private final EndpointTable endpoints;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  ContainerAttacher(NetworkService networks, NetworkOptions options, NetworkStore store, Iptables iptables,
      NetworkPlugins plugins) {
    this.networks = networks;
    this.iptables = iptables;
    this.netns = new NetnsFiles(options.execRoot());
    this.leases = new HostLocalLeases(store.ipamDir());
    this.steps = new AttachmentSteps(new CniRuntime(options.cniPluginDir()), leases, plugins);
    this.ports = new PortPublisher(new PortProxy(options.userlandProxy()));
    this.dns = new ContainerDns(options, options.hostResolvConf());
    this.endpoints = new EndpointTable(store);
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
    return endpoints.contains(containerId);
  }

  @Override
  public Map<String, Object> networksAtCreate(String networkMode, Map<String, Object> endpointsConfig) {
    return ModeNetworks.atCreate(networkMode, endpointsConfig, ref -> {
      try {
        return networks.find(ref).name();
      } catch (NotFound | InvalidArgument unknown) {
        return ref; // moby keeps it as given; the start reports the missing network
      }
    });
  }

  private NetworkSetup hostSetup(NetworkRequest request, AttachPlan plan) {
    var attachments = plan.targets().stream().map(t -> plain(t.network())).toList();
    var record = new EndpointRecord(request.containerId(), plan.containerName(), request.hostname(), "host", null,
        NetworkService.randomId(), attachments, List.of(), request.exposedPorts(), request.env(), Map.of(), null);
    endpoints.save(record);
    return NetworkSetup.plain(null, true, NetworkViews.settings(record, networks.byId()), networks.hostGatewayIp());
  }

  private NetworkSetup joinSetup(AttachPlan plan) {
    var other = endpoints.find(plan.joinContainer());
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
    var aliases = new LinkedHashMap<String, String>();
    links.forEach(l -> aliases.put(l.alias(), l.name()));
    var record = new EndpointRecord(id, plan.containerName(), request.hostname(), plan.mode(), path,
        NetworkService.randomId(), List.of(), List.of(), request.exposedPorts(), request.env(), aliases, null);
    endpoints.save(record);
    try {
      netns.create(id);
      if (plan.mode().equals("none")) {
        record = record.withAttachments(plan.targets().stream().map(t -> plain(t.network())).toList());
        endpoints.save(record);
        return NetworkSetup.plain(path, false, NetworkViews.settings(record, networks.byId()), networks.hostGatewayIp());
      }
      var primary = plan.targets().getFirst().network();
      var legacy = primary.defaultBridge() ? LegacyLinks.of(plan.containerName(), links, endpoints) : null;
      record = attachAll(request, plan, record);
      var hosts = new ArrayList<String>();
      for (var a : record.attachments()) { // moby's finishInitDNS: every endpoint's addresses, IPv6 too
        hosts.addAll(HostsLines.of(a, request.hostname()));
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
        endpoints.save(record);
        dns.start(id, path, upstream, name -> endpoints.resolve(id, name));
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

  /** An attachment without an interface: the host network, or none. */
  private static EndpointRecord.Attachment plain(NetworkRecord n) {
    return new EndpointRecord.Attachment(n.id(), n.name(), "", NetworkService.randomId(), "", 0, "", "",
        null, null, null, null, null, null);
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
      attachments.add(steps.pending(id, plan.targets().get(i), "eth" + i, endpointId, plan.containerName(),
          i == 0 && !published.isEmpty()));
    }
    record = record.withAttachments(attachments).withPorts(published);
    endpoints.save(record);
    for (int i = 0; i < attachments.size(); i++) {
      attachments.set(i, steps.join(record, i));
      record = record.withAttachments(attachments);
      endpoints.cache(record);
    }
    endpoints.save(record);
    ports.retarget(id, attachments.getFirst().ipAddress());
    return record;
  }

  /** Adds one attachment to a running container: recorded before ADD (so a crash can be undone) and after. */
  private EndpointRecord attachOne(EndpointRecord record, AttachPlan.Target target, String ifName) {
    var attachments = new ArrayList<>(record.attachments());
    attachments.add(steps.pending(record.containerId(), target, ifName, NetworkService.randomId(), record.containerName(), false));
    int index = attachments.size() - 1;
    record = record.withAttachments(attachments);
    endpoints.save(record);
    attachments.set(index, steps.join(record, index));
    record = record.withAttachments(attachments);
    endpoints.save(record);
    return record;
  }

  /**
   * {@code docker network connect} of a running container: a new interface (eth1, eth2 …), after
   * moby's checks against the networks it is on now. Joining its first user-defined network starts
   * its embedded DNS (forwarding to the upstreams for {@code hc}): returns those upstreams then, so
   * the container's resolv.conf can be pointed at 127.0.0.11.
   */
  Connected connect(NetworkRecord network, String containerRef, Map<String, Object> endpointConfig,
      HostConfig hc) {
    var record = running(containerRef);
    var lock = locks.computeIfAbsent(record.containerId(), k -> new ReentrantLock());
    lock.lock();
    try {
      record = running(record.containerId());
      var target = AttachPlan.target(network, endpointConfig == null ? Map.of() : endpointConfig);
      var byId = networks.byId();
      var current = record.attachments().stream().map(a -> byId.get(a.networkId())).filter(n -> n != null).toList();
      if (!ModeNetworks.mayJoin(record.mode(), network, current)) {
        throw new Forbidden("endpoint with name " + record.containerName() + " already exists in network " + network.name());
      }
      if (!steps.joins(network)) { // none (or host, for a host-mode container): no interface
        var attachments = new ArrayList<>(record.attachments());
        attachments.add(plain(network));
        endpoints.save(record.withAttachments(attachments));
        return new Connected(List.of(), Optional.empty());
      }
      var used = record.attachments().stream().map(EndpointRecord.Attachment::ifName).toList();
      int n = 0;
      while (used.contains("eth" + n)) {
        n++;
      }
      try {
        var joined = attachOne(record, target, "eth" + n);
        var hostsLines = HostsLines.of(joined.attachments().getLast(), joined.hostname());
        return new Connected(hostsLines, startResolverIfNeeded(joined, network, hc));
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

  /**
   * What a running container's connect changed beyond its interfaces: the {@code /etc/hosts} lines
   * of its new addresses, and the upstreams of an embedded DNS that started with it (if one did).
   */
  record Connected(List<String> hostsLines, Optional<List<String>> resolverUpstream) {}

  /**
   * Starts the embedded DNS when {@code joined} is the container's first network that needs it (a
   * user-defined one), as moby's sandbox does when such an endpoint joins. It stays after a
   * disconnect, as in moby, until the container stops.
   */
  private Optional<List<String>> startResolverIfNeeded(EndpointRecord record, NetworkRecord joined, HostConfig hc) {
    if (joined.defaultBridge() || record.dnsUpstream() != null) {
      return Optional.empty();
    }
    var id = record.containerId();
    var upstream = dns.upstream(hc, joined);
    endpoints.save(record.withDnsUpstream(upstream));
    dns.start(id, record.netnsPath(), upstream, name -> endpoints.resolve(id, name));
    return Optional.of(upstream);
  }

  /**
   * {@code docker network disconnect} of a running container: removes its interface on that
   * network, the network of its NetworkMode included (as moby); only a host-mode container cannot
   * leave the host network.
   */
  List<String> disconnect(NetworkRecord network, String containerRef) {
    var record = running(containerRef);
    var lock = locks.computeIfAbsent(record.containerId(), k -> new ReentrantLock());
    lock.lock();
    try {
      record = running(record.containerId());
      if (record.mode().equals("host") && network.driver().equals("host")) {
        throw new InvalidArgument(ModeNetworks.HOST_CONFLICT);
      }
      for (int i = 0; i < record.attachments().size(); i++) {
        if (record.attachments().get(i).networkId().equals(network.id())) {
          var addresses = HostsLines.addresses(record.attachments().get(i));
          detach(record, i);
          return addresses;
        }
      }
      throw new Forbidden("container " + record.containerId() + " is not connected to network " + network.name());
    } finally {
      lock.unlock();
    }
  }

  private void detach(EndpointRecord record, int index) {
    steps.leave(record, index);
    var rest = new ArrayList<>(record.attachments());
    rest.remove(index);
    endpoints.save(record.withAttachments(rest));
  }

  private EndpointRecord running(String ref) {
    var record = endpoints.find(ref);
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

  private void tearDownLocked(String containerId) {
    var record = endpoints.remove(containerId).orElse(null);
    ports.release(containerId);
    dns.stop(containerId);
    if (record != null) {
      boolean namespaceGone = !netns.exists(containerId);
      for (int i = record.attachments().size() - 1; i >= 0; i--) {
        var a = record.attachments().get(i);
        steps.leave(record, i);
        if (a.cni() != null && namespaceGone && !a.ipAddress().isEmpty()) {
          iptables.removeMasquerade(a.cni().name(), containerId, a.ipAddress());
        }
        if (a.cni() != null && namespaceGone && !a.ipv6().isEmpty()) {
          iptables.removeMasquerade(a.cni().name(), containerId, a.ipv6());
        }
      }
    }
    netns.remove(containerId);
    endpoints.delete(containerId);
  }

  /** Start-up scan: keep endpoints whose namespace survived, undo the rest, drop strays. */
  void reconcile() {
    new EndpointRecovery(netns, endpoints, ports, dns, leases, iptables).reconcile(this::tearDown);
  }

  /** At daemon shutdown: stops the port relays and resolvers (the namespaces' rules stay for the next start). */
  void closeRelays() {
    endpoints.containerIds().forEach(ports::release);
    dns.stopAll();
  }

  int endpointCount() {
    return endpoints.count();
  }

  List<EndpointRecord> endpoints() {
    return endpoints.all();
  }

  List<List<String>> usersOf(String networkId) {
    return endpoints.usersOf(networkId);
  }

  HostLocalLeases leases() {
    return leases;
  }
}
