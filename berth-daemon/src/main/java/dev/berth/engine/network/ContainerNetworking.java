package dev.berth.engine.network;

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
}
