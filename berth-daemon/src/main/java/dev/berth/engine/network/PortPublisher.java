package dev.berth.engine.network;

import dev.berth.engine.error.SystemError;
import dev.berth.netplug.HostIpv6;
import dev.berth.netplug.PortForward;
import dev.berth.netplug.PortProxy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Allocates published host ports and holds them with the userland proxy for as long as the container
 * runs. Berth's own table gives dockerd's "port is already allocated"; a port some other process
 * holds gives dockerd's userland-proxy bind error. On a host with IPv6, a port published on every
 * address is published on {@code ::} too, as dockerd 20.10+ does whatever the network: one
 * dual-stack socket holds both, and the port is reported twice (0.0.0.0 and ::), as dockerd
 * reports it. Thread-safe (one lock; binding is fast).
 */
final class PortPublisher {
  private static final String ANY4 = "0.0.0.0";
  private static final String ANY6 = "::";
  private final PortProxy proxy;
  private final boolean dualStack;
  private final Map<String, List<Held>> byContainer = new HashMap<>();

  private record Held(EndpointRecord.Published port, PortProxy.Listener listener) {}

  PortPublisher(PortProxy proxy) {
    this(proxy, new HostIpv6().enabled());
  }

  /** @param dualStack whether ports on every address are published on {@code ::} too */
  PortPublisher(PortProxy proxy, boolean dualStack) {
    this.proxy = proxy;
    this.dualStack = dualStack;
  }

  /** Where a port for {@code hostIp} is bound: the dual-stack {@code ::} for 0.0.0.0 on an IPv6 host. */
  private String bindIp(String hostIp) {
    return dualStack && hostIp.equals(ANY4) ? ANY6 : hostIp;
  }

  /** The ports as dockerd reports them: each one on 0.0.0.0 followed by its :: twin on an IPv6 host. */
  private List<EndpointRecord.Published> reported(List<Held> held) {
    var out = new ArrayList<EndpointRecord.Published>();
    for (var h : held) {
      out.add(h.port());
      var p = h.port();
      if (dualStack && p.hostIp().equals(ANY4)) {
        out.add(new EndpointRecord.Published(p.proto(), p.containerPort(), ANY6, p.hostPort()));
      }
    }
    return out;
  }

  /** Whether {@code p} is the :: twin of a 0.0.0.0 port in {@code all} (held by that one's socket). */
  static boolean isTwin(EndpointRecord.Published p, List<EndpointRecord.Published> all) {
    return p.hostIp().equals(ANY6) && all.stream().anyMatch(o -> o.hostIp().equals(ANY4)
        && o.proto().equals(p.proto()) && o.hostPort() == p.hostPort() && o.containerPort() == p.containerPort());
  }

  /**
   * Binds every request (rolling back on failure) and returns what was published. The relays point
   * nowhere until {@link #retarget}.
   */
  synchronized List<EndpointRecord.Published> publish(
      String containerId, String endpointName, String endpointId, List<PortRequest> requests) {
    var targetIp = "0.0.0.0";
    var held = new ArrayList<Held>();
    try {
      for (var request : requests) {
        held.add(bind(request, targetIp, endpointName, endpointId));
        byContainer.computeIfAbsent(containerId, k -> new ArrayList<>()).add(held.getLast());
      }
    } catch (RuntimeException e) {
      release(containerId);
      throw e;
    }
    return reported(held);
  }

  /** Re-binds ports of a container that kept running while the daemon was down. Best effort. */
  synchronized void restore(String containerId, List<EndpointRecord.Published> ports, String targetIp) {
    for (var p : ports) {
      if (isTwin(p, ports)) {
        continue;
      }
      try {
        var listener = proxy.open(new PortForward(p.proto(), bindIp(p.hostIp()), p.hostPort(), targetIp, p.containerPort()));
        byContainer.computeIfAbsent(containerId, k -> new ArrayList<>()).add(new Held(p, listener));
      } catch (IOException e) {
        System.getLogger("berth.network").log(System.Logger.Level.WARNING,
            "cannot re-bind " + p.hostIp() + ":" + p.hostPort() + " for " + containerId + ": " + e.getMessage());
      }
    }
  }

  /** Points the container's relays at its address once its interface exists. */
  synchronized void retarget(String containerId, String targetIp) {
    for (var h : byContainer.getOrDefault(containerId, List.of())) {
      h.listener().retarget(targetIp);
    }
  }

  synchronized void release(String containerId) {
    var held = byContainer.remove(containerId);
    if (held != null) {
      held.forEach(h -> h.listener().close());
    }
  }

  private Held bind(PortRequest request, String targetIp, String endpointName, String endpointId) {
    if (request.random()) {
      var forward = new PortForward(request.proto(), bindIp(request.hostIp()), 0, targetIp, request.containerPort());
      try {
        var listener = proxy.open(forward);
        return new Held(published(request, listener.port()), listener);
      } catch (IOException e) {
        throw failed(endpointName, endpointId, "Error starting userland proxy: " + e.getMessage(), e);
      }
    }
    RuntimeException last = null;
    for (int port = request.hostPortFirst(); port <= request.hostPortLast(); port++) {
      if (allocated(request.proto(), request.hostIp(), port)) {
        last = failed(endpointName, endpointId,
            "Bind for " + request.hostIp() + ":" + port + " failed: port is already allocated", null);
        continue;
      }
      var forward = new PortForward(request.proto(), bindIp(request.hostIp()), port, targetIp, request.containerPort());
      try {
        return new Held(published(request, port), proxy.open(forward));
      } catch (IOException e) {
        last = failed(endpointName, endpointId, "Error starting userland proxy: listen " + request.proto()
            + "4 " + request.hostIp() + ":" + port + ": bind: address already in use", e);
      }
    }
    throw last;
  }

  private static EndpointRecord.Published published(PortRequest request, int port) {
    return new EndpointRecord.Published(request.proto(), request.containerPort(), request.hostIp(), port);
  }

  private boolean allocated(String proto, String hostIp, int port) {
    for (var list : byContainer.values()) {
      for (var h : list) {
        var p = h.port();
        if (p.proto().equals(proto) && p.hostPort() == port
            && (p.hostIp().equals(hostIp) || wildcard(p.hostIp()) || wildcard(hostIp))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean wildcard(String ip) {
    return ip.equals(ANY4) || ip.equals(ANY6);
  }

  private static SystemError failed(String endpointName, String endpointId, String why, Throwable cause) {
    return new SystemError("driver failed programming external connectivity on endpoint " + endpointName
        + " (" + endpointId + "): " + why, cause);
  }
}
