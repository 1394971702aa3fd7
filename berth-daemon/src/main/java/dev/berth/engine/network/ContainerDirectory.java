package dev.berth.engine.network;

import java.util.Map;

/**
 * The containers as {@code docker network connect/disconnect} sees them, whether running or not:
 * the networks a container joins at its next start are kept in its stored
 * {@code NetworkingConfig.EndpointsConfig} (dockerd keeps them in the container's config too).
 * Implemented by the container service; thread-safe.
 */
public interface ContainerDirectory {
  /** A container's facts networking needs. */
  record Entry(String id, String name, boolean running, String networkMode, Map<String, Object> endpointsConfig) {}

  /** Resolves a reference as dockerd does; throws {@code NotFound} "No such container: ref". */
  Entry get(String ref);

  /** Replaces the container's stored endpoint settings (network name → EndpointSettings JSON). */
  void setEndpointsConfig(String id, Map<String, Object> endpointsConfig);

  /** Before the container service is wired: every lookup fails as for an unknown container. */
  ContainerDirectory NONE = new ContainerDirectory() {
    @Override
    public Entry get(String ref) {
      throw dev.berth.engine.error.NotFound.container(ref);
    }

    @Override
    public void setEndpointsConfig(String id, Map<String, Object> endpointsConfig) { }
  };
}
