package dev.berth.engine.network.remote;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.network.IpamPool;
import dev.berth.engine.plugin.Plugin;
import dev.berth.engine.plugin.PluginRegistry;
import dev.berth.netplug.Cidr;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IPAM plugins ({@code IpamDriver.*}): a plugin is asked {@code GetCapabilities} and
 * {@code GetDefaultAddressSpaces} once, when first used (as libnetwork does when it registers
 * it); then pools and addresses. Thread-safe.
 */
final class IpamPlugins {
  static final String CAPABILITY = "IpamDriver";
  private static final String GATEWAY = "com.docker.network.gateway";

  private final PluginRegistry registry;
  private final Map<String, String> addressSpaces = new ConcurrentHashMap<>();

  IpamPlugins(PluginRegistry registry) {
    this.registry = registry;
  }

  /** A pool as the plugin gave it, with its gateway ("a.b.c.d") and prefix length. */
  record Pool(String addressSpace, String poolId, Cidr subnet, String gateway) {}

  Plugin plugin(String name) {
    if (registry.active(name).isEmpty()) {
      throw new NotFound("plugin \"" + name + "\" not found");
    }
    var plugin = registry.get(name, CAPABILITY);
    addressSpaces.computeIfAbsent(name, n -> {
      RemoteCalls.call(plugin, "IpamDriver.GetCapabilities", null);
      return RemoteCalls.call(plugin, "IpamDriver.GetDefaultAddressSpaces", null)
          .path("LocalDefaultAddressSpace").asText("");
    });
    return plugin;
  }

  /** {@code RequestPool}, then the gateway: the pool's {@code Data} gateway, else {@code RequestAddress} for one. */
  Pool requestPool(String name, IpamPool requested, Map<String, String> options) {
    var plugin = plugin(name);
    var space = addressSpaces.get(name);
    var args = new LinkedHashMap<String, Object>();
    args.put("AddressSpace", space);
    args.put("Pool", requested == null || requested.subnet() == null ? "" : requested.subnet());
    args.put("SubPool", requested == null || requested.ipRange() == null ? "" : requested.ipRange());
    args.put("Options", options);
    args.put("V6", false);
    var reply = RemoteCalls.call(plugin, "IpamDriver.RequestPool", args);
    var poolId = reply.path("PoolID").asText("");
    Cidr subnet;
    try {
      subnet = Cidr.parse(reply.path("Pool").asText(""));
    } catch (IllegalArgumentException e) {
      throw new InvalidArgument("invalid pool returned by ipam driver " + name + ": " + reply.path("Pool").asText(""));
    }
    var preferred = requested == null || requested.gateway() == null ? "" : requested.gateway();
    var fromData = reply.path("Data").path(GATEWAY).asText("");
    String gateway;
    try {
      if (preferred.isEmpty() && !fromData.isEmpty()) {
        gateway = Cidr.parse(fromData).addressText();
      } else {
        gateway = requestAddress(name, poolId, preferred, Map.of("RequestAddressType", GATEWAY));
      }
    } catch (RuntimeException e) {
      releasePool(name, poolId);
      throw e instanceof IllegalArgumentException ? new InvalidArgument("failed to parse gateway address ("
          + fromData + ") returned by ipam driver: " + e.getMessage()) : e;
    }
    return new Pool(space, poolId, subnet, gateway);
  }

  /** {@code RequestAddress}: returns the address without its prefix. */
  String requestAddress(String name, String poolId, String preferred, Map<String, String> options) {
    var args = new LinkedHashMap<String, Object>();
    args.put("PoolID", poolId);
    args.put("Address", preferred == null ? "" : preferred);
    args.put("Options", options);
    var reply = RemoteCalls.call(plugin(name), "IpamDriver.RequestAddress", args);
    var address = reply.path("Address").asText("");
    try {
      return address.contains("/") ? Cidr.parse(address).addressText() : Cidr.format(Cidr.parseAddress(address));
    } catch (IllegalArgumentException e) {
      throw new InvalidArgument("invalid address returned by ipam driver " + name + ": " + address);
    }
  }

  void releaseAddress(String name, String poolId, String address) {
    RemoteCalls.call(plugin(name), "IpamDriver.ReleaseAddress", Map.of("PoolID", poolId, "Address", address));
  }

  void releasePool(String name, String poolId) {
    RemoteCalls.call(plugin(name), "IpamDriver.ReleasePool", Map.of("PoolID", poolId));
  }
}
