package dev.berth.engine.network.remote;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network served by plugins, as stored under {@code <data-root>/network/remote/<id>.json}: enough
 * to release its pool and tear its endpoints down after a daemon restart.
 *
 * @param driver the network driver plugin, null when the network is a built-in one (bridge) with an IPAM plugin
 * @param ipamDriver the IPAM plugin, null for Berth's own allocator
 * @param poolId the IPAM plugin's pool id, null for Berth's own allocator
 * @param gateway the gateway address ("a.b.c.d"), "" when none
 * @param used addresses handed out to endpoints (and the gateway) from this network's pool
 */
record RemoteNetwork(String networkId, String driver, String ipamDriver, String addressSpace, String poolId,
    String subnet, String gateway, List<String> used, Map<String, Endpoint> endpoints) {

  RemoteNetwork {
    used = used == null ? List.of() : List.copyOf(used);
    endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
  }

  /** One joined endpoint: the interface's host-side name ({@code SrcName}) and its name in the container. */
  record Endpoint(String ip, String srcName,
      String ifName) {}

  RemoteNetwork withUsed(List<String> addresses) {
    return new RemoteNetwork(networkId, driver, ipamDriver, addressSpace, poolId, subnet, gateway, addresses, endpoints);
  }

  RemoteNetwork withEndpoint(String endpointId, Endpoint endpoint) {
    var all = new LinkedHashMap<>(endpoints);
    if (endpoint == null) {
      all.remove(endpointId);
    } else {
      all.put(endpointId, endpoint);
    }
    return new RemoteNetwork(networkId, driver, ipamDriver, addressSpace, poolId, subnet, gateway, used, all);
  }
}
