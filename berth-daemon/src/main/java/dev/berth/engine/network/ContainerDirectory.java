package dev.berth.engine.network;

import dev.berth.model.HostConfig;
import java.util.List;
import java.util.Map;

/**
 * The containers as {@code docker network connect/disconnect} sees them, whether running or not:
 * the networks a container joins at its next start are kept in its stored
 * {@code NetworkingConfig.EndpointsConfig} (dockerd keeps them in the container's config too).
 * Implemented by the container service; thread-safe.
 */
public interface ContainerDirectory {
  /**
   * A container's facts networking needs.
   *
   * @param endpointsConfig the networks it joins at start (see {@link ContainerNetworking#networksAtCreate})
   * @param hostConfig its HostConfig ({@code --dns} and the like), never null
   */
  record Entry(String id, String name, boolean running, String networkMode, Map<String, Object> endpointsConfig,
      HostConfig hostConfig) {}

  /** Resolves a reference as dockerd does; throws {@code NotFound} "No such container: ref". */
  Entry get(String ref);

  /** Replaces the container's stored endpoint settings (network name → EndpointSettings JSON). */
  void setEndpointsConfig(String id, Map<String, Object> endpointsConfig);

  /**
   * A running container that had no embedded DNS got one (it joined a user-defined network): its
   * resolv.conf now names 127.0.0.11, which forwards other names to {@code upstream} (moby rewrites
   * the file when the resolver starts).
   */
  void useInternalResolver(String id, List<String> upstream);

  /**
   * A running container joined a network: its {@code /etc/hosts} gets {@code lines} (its new
   * addresses with its hostname), as moby's sandbox adds them when an endpoint joins.
   */
  void addHostsEntries(String id, List<String> lines);

  /**
   * A running container left a network: the {@code /etc/hosts} lines of {@code addresses} go (moby
   * 27+; moby 25 left them behind, naming an address the container no longer has).
   */
  void removeHostsEntries(String id, List<String> addresses);

  /** Before the container service is wired: every lookup fails as for an unknown container. */
  ContainerDirectory NONE = new ContainerDirectory() {
    @Override
    public Entry get(String ref) {
      throw dev.berth.engine.error.NotFound.container(ref);
    }

    @Override
    public void setEndpointsConfig(String id, Map<String, Object> endpointsConfig) { }

    @Override
    public void useInternalResolver(String id, List<String> upstream) { }

    @Override
    public void addHostsEntries(String id, List<String> lines) { }

    @Override
    public void removeHostsEntries(String id, List<String> addresses) { }
  };
}
