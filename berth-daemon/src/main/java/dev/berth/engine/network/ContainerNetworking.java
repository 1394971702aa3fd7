package dev.berth.engine.network;

import java.util.Map;
import java.util.Optional;

/**
 * Networking as the container service uses it. The container service calls {@link #setUp} just
 * before the runtime creates the container and {@link #tearDown} after it stopped (also for
 * containers found stopped after a daemon restart). Implementations are thread-safe.
 */
public interface ContainerNetworking {
  /**
   * The networks a container created with this NetworkMode and {@code NetworkingConfig.EndpointsConfig}
   * joins (network name → endpoint settings), as moby puts them in its {@code NetworkSettings.Networks}
   * at create: the request's, else the NetworkMode's network. Stored with the container and given
   * back as {@link NetworkRequest#endpointsConfig()}; {@code docker network connect/disconnect} change them.
   */
  default Map<String, Object> networksAtCreate(String networkMode, Map<String, Object> endpointsConfig) {
    return ModeNetworks.atCreate(networkMode, endpointsConfig, ref -> ref);
  }

  /** Makes the container's network (namespace, interfaces, addresses) ready to join. */
  NetworkSetup setUp(NetworkRequest request);

  /** Removes everything {@link #setUp} made for the container. Idempotent; never throws for "already gone". */
  void tearDown(String containerId);

  /**
   * The container's current inspect {@code NetworkSettings} while its networking is set up (it
   * changes with {@code docker network connect/disconnect}); empty when this implementation keeps
   * none. Inspect should prefer it over what {@link #setUp} returned.
   */
  default Optional<Map<String, Object>> settings(String containerId) {
    return Optional.empty();
  }
}
