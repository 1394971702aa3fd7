package dev.berth.engine.network;

import dev.berth.engine.error.InvalidArgument;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A container's networks as moby keeps them in {@code NetworkSettings.Networks}: at create, the
 * network of its {@code --network} (its NetworkMode) with the request's endpoint settings
 * ({@code updateContainerNetworkSettings}); then changed by {@code docker network connect} and
 * {@code disconnect}, whether it runs or not; a start joins exactly these, so a container
 * disconnected from its only network starts with loopback only. Keys are network names. Pure.
 */
final class ModeNetworks {
  static final String HOST_CONFLICT = "container cannot be disconnected from host network or connected to host network";
  static final String SHARED_CONFLICT =
      "container sharing network namespace with another container or host cannot be connected to any other network";
  static final String NONE_CONFLICT =
      "container cannot be connected to multiple networks with one of the networks in private (none) mode";

  private ModeNetworks() {}

  /**
   * The networks a new container joins: the request's {@code EndpointsConfig} when it names any,
   * else the NetworkMode's network ({@code default} is {@code bridge}); none for
   * {@code container:<id>}. {@code nameOf} turns a network id into its name (unknown refs unchanged).
   */
  static Map<String, Object> atCreate(String networkMode, Map<String, Object> endpointsConfig, UnaryOperator<String> nameOf) {
    var mode = networkMode == null || networkMode.isEmpty() ? "default" : networkMode;
    var networks = new LinkedHashMap<String, Object>();
    if (mode.startsWith("container:")) {
      return networks;
    }
    if (endpointsConfig == null || endpointsConfig.isEmpty()) {
      networks.put(name(mode, nameOf), Map.of());
      return networks;
    }
    endpointsConfig.forEach((key, config) -> networks.putIfAbsent(name(key, nameOf), config == null ? Map.of() : config));
    return networks;
  }

  private static String name(String ref, UnaryOperator<String> nameOf) {
    return ref.equals("default") ? "bridge" : nameOf.apply(ref);
  }

  /**
   * moby's {@code updateNetworkSettings} checks for joining {@code n} with the container's current
   * networks; returns false when it is on {@code n} already (moby keeps the first settings then).
   */
  static boolean mayJoin(String networkMode, NetworkRecord n, Collection<NetworkRecord> current) {
    if (!"host".equals(networkMode) && n.driver().equals("host")) {
      throw new InvalidArgument(HOST_CONFLICT);
    }
    for (var sn : current) {
      if (sn.id().equals(n.id())) {
        return false;
      }
      if (sn.driver().equals("host") || n.driver().equals("host")) {
        throw new InvalidArgument(SHARED_CONFLICT);
      }
      if (sn.name().equals("none") || n.name().equals("none")) {
        throw new InvalidArgument(NONE_CONFLICT);
      }
    }
    return true;
  }

  /** Whether a stored network key stands for {@code n} (its name, its id, or {@code default} for the default bridge). */
  static boolean names(String key, NetworkRecord n) {
    return key.equals(n.name()) || key.equals(n.id()) || key.equals("default") && n.defaultBridge();
  }
}
