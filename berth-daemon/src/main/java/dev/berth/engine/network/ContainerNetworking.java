package dev.berth.engine.network;

import java.util.Map;
import java.util.Optional;

/**
 * Networking as the container service uses it. The container service calls {@link #setUp} just
 * before the runtime creates the container and {@link #tearDown} after it stopped (also for
 * containers found stopped after a daemon restart). Implementations are thread-safe.
 */
public interface ContainerNetworking {
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
