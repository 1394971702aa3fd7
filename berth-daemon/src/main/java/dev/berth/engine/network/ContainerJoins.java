package dev.berth.engine.network;

import dev.berth.engine.error.Forbidden;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.NotImplemented;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code docker network connect/disconnect} of containers, running or not: a running container's
 * interfaces change through the attacher now; a stopped container's stored endpoint settings
 * change, checked as moby checks them ({@code daemon/container_operations.go}). Thread-safe.
 */
final class ContainerJoins {
  private static final System.Logger LOG = System.getLogger("berth.network");

  private final NetworkService networks;
  private final ContainerAttacher attacher;
  private volatile ContainerDirectory containers = ContainerDirectory.NONE;

  ContainerJoins(NetworkService networks, ContainerAttacher attacher) {
    this.networks = networks;
    this.attacher = attacher;
  }

  /** Wires in the container service, made after the network service. */
  void use(ContainerDirectory containers) {
    this.containers = containers;
  }

  /** Undoes the networking kept for containers that no longer exist (start-up, once containers are loaded). */
  void removeOrphanEndpoints() {
    for (var e : attacher.endpoints()) {
      try {
        containers.get(e.containerId());
      } catch (NotFound gone) {
        LOG.log(System.Logger.Level.INFO, "removing the networking of vanished container " + e.containerId());
        attacher.tearDown(e.containerId());
      }
    }
  }

  void connect(NetworkRecord network, String containerRef, Map<String, Object> endpointConfig) {
    var config = endpointConfig == null ? Map.<String, Object>of() : endpointConfig;
    if (containers == ContainerDirectory.NONE) { // no container service (in-process use): running containers only
      attacher.connect(network, containerRef, config);
      return;
    }
    var c = containers.get(containerRef);
    if (attacher.isUp(c.id())) {
      attacher.connect(network, c.id(), config);
    } else {
      checkConnectStopped(network, c, config);
    }
    var stored = new LinkedHashMap<>(c.endpointsConfig());
    stored.put(network.name(), config);
    containers.setEndpointsConfig(c.id(), stored);
    networks.emit("connect", network, c.id());
  }

  /** moby's checks for a container that is not running ({@code daemon/container_operations.go}). */
  private void checkConnectStopped(NetworkRecord network, ContainerDirectory.Entry c, Map<String, Object> config) {
    var mode = c.networkMode() == null || c.networkMode().isEmpty() ? "default" : c.networkMode();
    if (mode.equals("host") || mode.startsWith("container:") || network.predefined() && !network.defaultBridge()) {
      throw new Forbidden("container cannot be disconnected from host network or connected to host network");
    }
    if (mode.equals("none")) {
      throw new Forbidden("container cannot be connected to multiple networks with one of the networks in private (none) mode");
    }
    if (joins(c, network)) {
      throw new Forbidden("endpoint with name " + c.name() + " already exists in network " + network.name());
    }
    AttachPlan.target(network, config);
  }

  /** Whether a stopped container joins {@code network} at start (its mode's network or a connected one). */
  private boolean joins(ContainerDirectory.Entry c, NetworkRecord network) {
    var mode = c.networkMode() == null || c.networkMode().isEmpty() || c.networkMode().equals("default")
        ? "bridge" : c.networkMode();
    if (mode.equals(network.name()) || mode.equals(network.id())) {
      return true;
    }
    for (var key : c.endpointsConfig().keySet()) {
      var k = key.equals("default") ? "bridge" : key;
      if (k.equals(network.name()) || k.equals(network.id())) {
        return true;
      }
    }
    return false;
  }

  void disconnect(NetworkRecord network, String containerRef) {
    if (containers == ContainerDirectory.NONE) {
      attacher.disconnect(network, containerRef);
      return;
    }
    var c = containers.get(containerRef);
    if (attacher.isUp(c.id())) {
      attacher.disconnect(network, c.id());
    } else if (!joins(c, network)) {
      throw new Forbidden("container " + c.id() + " is not connected to network " + network.name());
    }
    var stored = new LinkedHashMap<>(c.endpointsConfig());
    boolean removed = stored.keySet().removeIf(k -> k.equals(network.name()) || k.equals(network.id())
        || k.equals("default") && network.defaultBridge());
    if (!removed && !attacher.isUp(c.id())) {
      throw new NotImplemented("Berth cannot disconnect a stopped container from the network of its --network (" + network.name() + ")");
    }
    containers.setEndpointsConfig(c.id(), stored);
    networks.emit("disconnect", network, c.id());
  }
}
