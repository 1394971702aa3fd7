package dev.berth.engine.network.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.error.Forbidden;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import dev.berth.engine.network.IpamPool;
import dev.berth.engine.network.NetworkPlugins;
import dev.berth.engine.plugin.Plugin;
import dev.berth.engine.plugin.PluginRegistry;
import dev.berth.netplug.Cidr;
import dev.berth.netplug.PluginLinks;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Docker's remote network driver and remote IPAM protocols (libnetwork {@code drivers/remote},
 * {@code ipams/remote}) for {@link dev.berth.engine.network.NetworkService}. A network on a driver
 * plugin gets its addresses from its IPAM plugin or, with the default IPAM, from its own pool here.
 * Thread-safe: each network's state changes under this object's lock; plugin calls made while
 * joining are outside it.
 */
public final class RemoteNetworks implements NetworkPlugins {
  static final String CAPABILITY = "NetworkDriver";
  private static final System.Logger LOG = System.getLogger("berth.network.remote");
  private static final Set<String> SCOPES = Set.of("local", "global");
  /** What dockerd sends with an endpoint: its exposed and published ports (Berth publishes none on plugin networks). */
  private static final Map<String, Object> ENDPOINT_OPTIONS = Map.of(
      "com.docker.network.endpoint.exposedports", List.of(), "com.docker.network.portmap", List.of());

  private final PluginRegistry registry;
  private final RemoteStore store;
  private final IpamPlugins ipam;
  private final PluginLinks links;
  private final Map<String, RemoteNetwork> pending = new ConcurrentHashMap<>();
  private final Set<String> checked = ConcurrentHashMap.newKeySet();

  public RemoteNetworks(PluginRegistry registry, Path dataRoot) {
    this(registry, dataRoot, new PluginLinks());
  }

  RemoteNetworks(PluginRegistry registry, Path dataRoot, PluginLinks links) {
    this.registry = registry;
    this.store = new RemoteStore(dataRoot);
    this.ipam = new IpamPlugins(registry);
    this.links = links;
  }

  @Override
  public boolean isDriver(String driver) {
    return registry.active(driver).isPresent();
  }

  @Override
  public List<IpamPool> requestPools(String networkId, String ipamDriver, Map<String, String> ipamOptions,
      List<IpamPool> requested) {
    if (requested != null && requested.size() > 1) {
      throw new Forbidden("Berth supports one IPv4 subnet per network");
    }
    var want = requested == null || requested.isEmpty() ? null : requested.getFirst();
    IpamPlugins.Pool pool;
    try {
      pool = ipam.requestPool(ipamDriver, want, ipamOptions);
    } catch (dev.berth.engine.error.EngineException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new SystemError(e.getMessage(), e);
    }
    var used = pool.gateway().isEmpty() ? List.<String>of() : List.of(pool.gateway());
    pending.put(networkId, new RemoteNetwork(networkId, null, ipamDriver, pool.addressSpace(), pool.poolId(),
        pool.subnet().toString(), pool.gateway(), used, Map.of()));
    return List.of(new IpamPool(pool.subnet().toString(), want == null ? null : want.ipRange(), pool.gateway(),
        want == null ? null : want.auxAddresses()));
  }

  @Override
  public void createNetwork(NetworkSpec spec) {
    var fromIpam = pending.remove(spec.networkId());
    var isPlugin = !Set.of("bridge", "macvlan", "ipvlan").contains(spec.driver());
    var pool = spec.pools().getFirst();
    var network = fromIpam != null
        ? new RemoteNetwork(spec.networkId(), isPlugin ? spec.driver() : null, fromIpam.ipamDriver(),
            fromIpam.addressSpace(), fromIpam.poolId(), fromIpam.subnet(), fromIpam.gateway(), fromIpam.used(), Map.of())
        : new RemoteNetwork(spec.networkId(), spec.driver(), null, "LocalDefault", null, pool.subnet(),
            pool.gateway() == null ? "" : pool.gateway(), pool.gateway() == null ? List.of() : List.of(pool.gateway()),
            Map.of());
    if (isPlugin) {
      try {
        var plugin = driver(spec.driver());
        RemoteCalls.call(plugin, "NetworkDriver.CreateNetwork", createRequest(spec, network));
      } catch (RuntimeException e) {
        releasePool(network);
        throw e instanceof dev.berth.engine.error.EngineException ee ? ee : new SystemError(e.getMessage(), e);
      }
    }
    store.save(network);
  }

  private static Map<String, Object> createRequest(NetworkSpec spec, RemoteNetwork network) {
    var options = new LinkedHashMap<String, Object>();
    options.put("com.docker.network.enable_ipv6", spec.enableIPv6());
    options.put("com.docker.network.generic", spec.options());
    var prefix = Cidr.parse(network.subnet()).prefix();
    var data = new LinkedHashMap<String, Object>();
    data.put("AddressSpace", network.addressSpace());
    data.put("Pool", network.subnet());
    data.put("Gateway", network.gateway().isEmpty() ? "" : network.gateway() + "/" + prefix);
    var args = new LinkedHashMap<String, Object>();
    args.put("NetworkID", spec.networkId());
    args.put("Options", options);
    args.put("IPv4Data", List.of(data));
    args.put("IPv6Data", List.of());
    return args;
  }

  @Override
  public void deleteNetwork(String networkId) {
    var network = store.get(networkId).orElse(null);
    if (network == null) {
      return;
    }
    // dockerd's order: the pool goes back to the IPAM plugin before the driver's DeleteNetwork.
    releasePool(network);
    if (network.driver() != null) {
      try {
        RemoteCalls.call(driver(network.driver()), "NetworkDriver.DeleteNetwork", Map.of("NetworkID", networkId));
      } catch (RuntimeException e) {
        // libnetwork logs a driver's DeleteNetwork failure and removes the network anyway
        LOG.log(Level.WARNING, "driver error deleting network " + networkId + " : " + e.getMessage());
      }
    }
    store.delete(networkId);
  }

  private void releasePool(RemoteNetwork network) {
    if (network.ipamDriver() == null) {
      return;
    }
    try {
      if (!network.gateway().isEmpty()) {
        ipam.releaseAddress(network.ipamDriver(), network.poolId(), network.gateway());
      }
      ipam.releasePool(network.ipamDriver(), network.poolId());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "failed to release pool " + network.poolId() + ": " + e.getMessage());
    }
  }

  @Override
  public synchronized String requestAddress(String networkId, String preferred) {
    var network = store.get(networkId).orElse(null);
    if (network == null || network.ipamDriver() == null) {
      return preferred;
    }
    var address = ipam.requestAddress(network.ipamDriver(), network.poolId(), preferred, null);
    var used = new ArrayList<>(network.used());
    used.add(address);
    store.save(network.withUsed(used));
    return address;
  }

  @Override
  public boolean joinsByPlugin(String networkId) {
    return store.get(networkId).map(n -> n.driver() != null).orElse(false);
  }

  @Override
  public Joined join(EndpointSpec ep) {
    var network = store.get(ep.networkId()).orElseThrow(() -> new NotFound("network " + ep.networkName() + " not found"));
    var plugin = driver(network.driver());
    var prefix = Cidr.parse(network.subnet()).prefix();
    var ip = allocate(network, ep.ip());
    var ids = Map.of("NetworkID", ep.networkId(), "EndpointID", ep.endpointId());
    JsonNode created;
    try {
      var iface = new LinkedHashMap<String, Object>();
      iface.put("Address", ip + "/" + prefix);
      iface.put("AddressIPv6", "");
      iface.put("MacAddress", ep.mac() == null ? "" : ep.mac());
      var args = new LinkedHashMap<String, Object>(ids);
      args.put("Interface", iface);
      args.put("Options", ENDPOINT_OPTIONS);
      created = RemoteCalls.call(plugin, "NetworkDriver.CreateEndpoint", args);
    } catch (RuntimeException e) {
      release(network.networkId(), ip);
      throw new RemoteCalls.RemoteError("failed to create endpoint " + ep.containerName() + " on network "
          + ep.networkName() + ": " + e.getMessage(), 500);
    }
    update(ep.networkId(), n -> n.withEndpoint(ep.endpointId(), new RemoteNetwork.Endpoint(ip, null, ep.ifName())));
    var mac = created.path("Interface").path("MacAddress").asText("");
    var wantedMac = ep.mac() != null ? ep.mac() : mac;
    var joinArgs = new LinkedHashMap<String, Object>(ids);
    joinArgs.put("SandboxKey", ep.netnsPath());
    joinArgs.put("Options", ENDPOINT_OPTIONS);
    var joined = RemoteCalls.call(plugin, "NetworkDriver.Join", joinArgs);
    var src = joined.path("InterfaceName").path("SrcName").asText("");
    var dstPrefix = joined.path("InterfaceName").path("DstPrefix").asText("");
    var gateway = joined.path("Gateway").asText("");
    if (src.isEmpty()) {
      throw new SystemError("remote: plugin " + network.driver() + " named no interface in its Join reply");
    }
    var ifName = dstPrefix.isEmpty() ? ep.ifName() : dstPrefix + ep.ifName().replaceAll("^\\D+", "");
    update(ep.networkId(), n -> n.withEndpoint(ep.endpointId(), new RemoteNetwork.Endpoint(ip, src, ifName)));
    var routes = new ArrayList<PluginLinks.Route>();
    joined.path("StaticRoutes").forEach(r -> routes.add(new PluginLinks.Route(r.path("Destination").asText(),
        r.path("RouteType").asInt(0), r.path("NextHop").asText(""))));
    var actualMac = links.moveIn(src, Path.of(ep.netnsPath()), ifName, ip + "/" + prefix, wantedMac.isEmpty() ? null : wantedMac,
        gateway, routes);
    try {
      RemoteCalls.optional(plugin, "NetworkDriver.ProgramExternalConnectivity",
          Map.of("NetworkID", ep.networkId(), "EndpointID", ep.endpointId(), "Options", ENDPOINT_OPTIONS));
    } catch (RuntimeException e) {
      throw new RemoteCalls.RemoteError("driver failed programming external connectivity on endpoint "
          + ep.containerName() + " (" + ep.endpointId() + "): " + e.getMessage(), 500);
    }
    RemoteCalls.call(plugin, "NetworkDriver.EndpointOperInfo", ids);
    return new Joined(ip, prefix, gateway, actualMac);
  }

  @Override
  public void leave(String networkId, String endpointId, String netnsPath, String ip) {
    var network = store.get(networkId).orElse(null);
    if (network == null) {
      return;
    }
    var endpoint = network.endpoints().get(endpointId);
    if (network.driver() != null && endpoint != null) {
      var ids = Map.of("NetworkID", networkId, "EndpointID", endpointId);
      var plugin = driver(network.driver());
      quietly(() -> RemoteCalls.optional(plugin, "NetworkDriver.RevokeExternalConnectivity", ids));
      if (endpoint.srcName() != null && netnsPath != null) {
        quietly(() -> links.moveOut(Path.of(netnsPath), endpoint.ifName(), endpoint.srcName()));
      }
      if (endpoint.srcName() != null) {
        quietly(() -> RemoteCalls.call(plugin, "NetworkDriver.Leave", ids));
      }
      quietly(() -> RemoteCalls.call(plugin, "NetworkDriver.DeleteEndpoint", ids));
      update(networkId, n -> n.withEndpoint(endpointId, null));
    }
    var address = endpoint != null ? endpoint.ip() : ip;
    if (address != null && !address.isEmpty()) {
      release(networkId, address);
    }
  }

  /** An address for a new endpoint: from the IPAM plugin, else the first free one of the pool. */
  private synchronized String allocate(RemoteNetwork network, String preferred) {
    if (network.ipamDriver() != null) {
      return requestAddress(network.networkId(), preferred);
    }
    var current = store.get(network.networkId()).orElse(network);
    var subnet = Cidr.parse(current.subnet());
    String address = null;
    if (preferred != null && !preferred.isEmpty()) {
      if (current.used().contains(preferred)) {
        throw new Forbidden("Address already in use");
      }
      address = preferred;
    } else {
      for (long i = 1; i < subnet.size() - 1 && address == null; i++) {
        var candidate = Cidr.format(subnet.host(i));
        if (!current.used().contains(candidate)) {
          address = candidate;
        }
      }
      if (address == null) {
        throw new SystemError("no available IPv4 addresses on this network's address pools: " + current.subnet());
      }
    }
    var used = new ArrayList<>(current.used());
    used.add(address);
    store.save(current.withUsed(used));
    return address;
  }

  /** Returns {@code address} to the network's pool (its IPAM plugin's or the local one), once. */
  private synchronized void release(String networkId, String address) {
    var network = store.get(networkId).orElse(null);
    if (network == null || !network.used().contains(address) || address.equals(network.gateway())) {
      return;
    }
    if (network.ipamDriver() != null) {
      quietly(() -> ipam.releaseAddress(network.ipamDriver(), network.poolId(), address));
    }
    var used = new ArrayList<>(network.used());
    used.remove(address);
    store.save(network.withUsed(used));
  }

  private synchronized void update(String networkId, java.util.function.UnaryOperator<RemoteNetwork> change) {
    store.get(networkId).ifPresent(n -> store.save(change.apply(n)));
  }

  /** The driver plugin, asked {@code GetCapabilities} once as libnetwork does when it registers it. */
  private Plugin driver(String name) {
    var plugin = registry.get(name, CAPABILITY);
    if (checked.add(name)) {
      try {
        var caps = RemoteCalls.call(plugin, "NetworkDriver.GetCapabilities", null);
        var scope = caps.path("Scope").asText("");
        if (!SCOPES.contains(scope)) {
          throw new SystemError("invalid capability: expecting 'local' or 'global', got " + scope);
        }
      } catch (RuntimeException e) {
        checked.remove(name);
        throw e;
      }
    }
    return plugin;
  }

  private static void quietly(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, e.getMessage());
    }
  }
}
