package dev.berth.engine.network;

import dev.berth.engine.error.Forbidden;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker network connect/disconnect} of containers, running or not (moby's
 * {@code ConnectToNetwork}/{@code DisconnectFromNetwork} in {@code daemon/container_operations.go}):
 * the container's stored networks ({@link ModeNetworks}) change, and a running container's
 * interfaces change through the attacher now. Thread-safe.
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

  /**
   * A running container joins {@code network} now; a stopped one at its next start. Either way the
   * network is added to its networks, after moby's checks against those it has. Only a running
   * container's connect is an event (moby's).
   */
  void connect(NetworkRecord network, String containerRef, Map<String, Object> endpointConfig) {
    var config = endpointConfig == null ? Map.<String, Object>of() : endpointConfig;
    if (containers == ContainerDirectory.NONE) { // no container service (in-process use): running containers only
      attacher.connect(network, containerRef, config, null);
      return;
    }
    var c = containers.get(containerRef);
    var mode = mode(c);
    if (running(c)) {
      if (mode.startsWith("container:")) {
        throw new InvalidArgument(ModeNetworks.SHARED_CONFLICT);
      }
      var connected = attacher.connect(network, c.id(), config, c.hostConfig());
      containers.addHostsEntries(c.id(), connected.hostsLines());
      connected.resolverUpstream().ifPresent(upstream -> containers.useInternalResolver(c.id(), upstream));
    } else {
      AttachPlan.target(network, config);
      if (!ModeNetworks.mayJoin(mode, network, current(c))) {
        return; // already on it: moby keeps the first settings
      }
    }
    var stored = new LinkedHashMap<>(c.endpointsConfig());
    stored.keySet().removeIf(k -> ModeNetworks.names(k, network));
    stored.put(network.name(), config);
    containers.setEndpointsConfig(c.id(), stored);
    if (running(c)) {
      networks.emit("connect", network, c.id());
    }
  }

  /**
   * A running container leaves {@code network} now; a stopped one is taken off it, so its next
   * start does not join it. This holds for the network of its own {@code --network} too (moby's
   * model): with no network left, it starts with loopback only.
   */
  void disconnect(NetworkRecord network, String containerRef) {
    if (containers == ContainerDirectory.NONE) {
      attacher.disconnect(network, containerRef);
      return;
    }
    var c = containers.get(containerRef);
    if (running(c)) {
      if (mode(c).startsWith("container:")) {
        throw new Forbidden("container " + c.id() + " is not connected to network " + network.name());
      }
      containers.removeHostsEntries(c.id(), attacher.disconnect(network, c.id()));
    } else if (c.endpointsConfig().keySet().stream().noneMatch(k -> ModeNetworks.names(k, network))) {
      throw new Forbidden("container " + c.id() + " is not connected to the network " + network.name());
    }
    var stored = new LinkedHashMap<>(c.endpointsConfig());
    stored.keySet().removeIf(k -> ModeNetworks.names(k, network));
    containers.setEndpointsConfig(c.id(), stored);
    networks.emit("disconnect", network, c.id());
  }

  /** Whether the container runs (or its start is under way); a {@code container:} one has no networking of its own. */
  private boolean running(ContainerDirectory.Entry c) {
    return attacher.isUp(c.id()) || c.running() && mode(c).startsWith("container:");
  }

  private static String mode(ContainerDirectory.Entry c) {
    return c.networkMode() == null || c.networkMode().isEmpty() ? "default" : c.networkMode();
  }

  /** The known networks among the container's stored ones (a removed network no longer counts). */
  private List<NetworkRecord> current(ContainerDirectory.Entry c) {
    var out = new ArrayList<NetworkRecord>();
    for (var key : c.endpointsConfig().keySet()) {
      try {
        out.add(networks.find(key.equals("default") ? "bridge" : key));
      } catch (NotFound | InvalidArgument gone) {
        // moby's updateNetworkSettings skips networks it cannot find
      }
    }
    return out;
  }
}
