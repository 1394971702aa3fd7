package dev.berth.engine.network;

import dev.berth.engine.error.NotFound;
import java.util.List;
import java.util.Map;

/**
 * Networks served by plugins speaking Docker's remote driver protocol ({@code NetworkDriver} and
 * {@code IpamDriver}); implemented in {@code engine.network.remote}. {@link NetworkService} asks it
 * for drivers and IPAM drivers it does not have built in; the container attacher asks it to join
 * and leave such networks. Methods about a network it does not serve do nothing. Thread-safe.
 */
public interface NetworkPlugins {
  /** Knows no plugins: every unknown driver is {@code plugin "x" not found}. */
  NetworkPlugins NONE = new NetworkPlugins() {
    @Override
    public boolean isDriver(String driver) {
      return false;
    }

    @Override
    public List<IpamPool> requestPools(String networkId, String ipamDriver, Map<String, String> ipamOptions,
        List<IpamPool> requested) {
      throw new NotFound("plugin \"" + ipamDriver + "\" not found");
    }

    @Override
    public void createNetwork(NetworkSpec network) {
      throw new NotFound("plugin \"" + network.driver() + "\" not found");
    }

    @Override
    public void deleteNetwork(String networkId) {}

    @Override
    public String requestAddress(String networkId, String preferred) {
      return preferred;
    }

    @Override
    public boolean joinsByPlugin(String networkId) {
      return false;
    }

    @Override
    public Joined join(EndpointSpec endpoint) {
      throw new IllegalStateException("no network plugins");
    }

    @Override
    public void leave(String networkId, String endpointId, String netnsPath, String ip) {}
  };

  /** A network to create on a plugin: {@code driver} and {@code ipamDriver} ("default" when built in). */
  record NetworkSpec(String networkId, String driver, String ipamDriver, Map<String, String> options,
      List<IpamPool> pools, boolean internal, boolean enableIPv6) {}

  /** A container's endpoint on a plugin network; {@code ip} and {@code mac} are requested values or null. */
  record EndpointSpec(String networkId, String networkName, String endpointId, String containerName,
      String netnsPath, String ifName, String ip, String mac) {}

  /** What a joined endpoint looks like: address without prefix, prefix length, gateway ("" for none), MAC. */
  record Joined(String ip, int prefixLen, String gateway, String mac) {}

  /** Whether {@code driver} is a network driver plugin present now (its socket or spec file exists). */
  boolean isDriver(String driver);

  /** The pools of a new network from IPAM plugin {@code ipamDriver}: {@code RequestPool} and the gateway's {@code RequestAddress}. */
  List<IpamPool> requestPools(String networkId, String ipamDriver, Map<String, String> ipamOptions, List<IpamPool> requested);

  /** {@code NetworkDriver.CreateNetwork} when the driver is a plugin; remembers the network (and its IPAM plugin). */
  void createNetwork(NetworkSpec network);

  /** Forgets the network: {@code DeleteNetwork} on its driver plugin, gateway and pool back to its IPAM plugin. */
  void deleteNetwork(String networkId);

  /** An address ("a.b.c.d") from the network's IPAM plugin for a new endpoint; {@code preferred} unchanged otherwise. */
  String requestAddress(String networkId, String preferred);

  /** Whether containers join this network through its driver plugin instead of CNI. */
  boolean joinsByPlugin(String networkId);

  /**
   * {@code CreateEndpoint}, {@code Join}, then moves the plugin's interface into the namespace as
   * {@code ifName} with its address, gateway and static routes, then {@code ProgramExternalConnectivity}.
   * A failure undoes what was done and throws with dockerd's text.
   */
  Joined join(EndpointSpec endpoint);

  /** Undoes {@link #join} (or an IPAM plugin's {@link #requestAddress}); never throws for "already gone". */
  void leave(String networkId, String endpointId, String netnsPath, String ip);
}
