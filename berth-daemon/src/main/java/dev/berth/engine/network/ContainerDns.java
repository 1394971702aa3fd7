package dev.berth.engine.network;

import dev.berth.model.HostConfig;
import dev.berth.netplug.DnsServer;
import dev.berth.netplug.HostResolvers;
import dev.berth.netplug.NetworkOperationException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded resolver (127.0.0.11) of every container attached to a user-defined network, as
 * dockerd gives one to every container outside the default bridge. Upstreams are the container's
 * {@code --dns}, else the daemon's {@code dns}, else the host's resolv.conf nameservers (loopback
 * ones included: the resolver forwards from the host's namespace); a container whose first
 * network is internal gets none. Thread-safe.
 */
final class ContainerDns {
  private static final System.Logger LOG = System.getLogger("berth.network");

  private final NetworkOptions options;
  private final Path hostResolvConf;
  private final Map<String, DnsServer> servers = new ConcurrentHashMap<>();

  ContainerDns(NetworkOptions options, Path hostResolvConf) {
    this.options = options;
    this.hostResolvConf = hostResolvConf;
  }

  /** The resolver addresses for a container with this host config whose first network is {@code primary}. */
  List<String> upstream(HostConfig hc, NetworkRecord primary) {
    if (primary.internal()) {
      return List.of();
    }
    if (hc != null && hc.dns() != null && !hc.dns().isEmpty()) {
      return List.copyOf(hc.dns());
    }
    if (!options.dnsUpstream().isEmpty()) {
      return options.dnsUpstream();
    }
    return HostResolvers.read(hostResolvConf).stream().map(InetSocketAddress::getHostString).toList();
  }

  /** Starts (or after a daemon restart, restarts) the container's resolver inside its namespace. */
  void start(String containerId, String netnsPath, List<String> upstream, DnsServer.Names names) {
    stop(containerId);
    try {
      var addresses = upstream.stream().map(ContainerDns::socketAddress).toList();
      servers.put(containerId, DnsServer.startIn(Path.of(netnsPath), names, addresses));
    } catch (IOException e) {
      throw new NetworkOperationException("failed to start the embedded DNS: " + e.getMessage());
    }
  }

  /** After a daemon restart: as {@link #start}, but a failure is logged (the container keeps running without it). */
  void restore(String containerId, String netnsPath, List<String> upstream, DnsServer.Names names) {
    try {
      start(containerId, netnsPath, upstream, names);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "embedded DNS of " + containerId + " not restored: " + e.getMessage());
    }
  }

  void stop(String containerId) {
    var server = servers.remove(containerId);
    if (server != null) {
      server.close();
    }
  }

  void stopAll() {
    servers.values().forEach(DnsServer::close);
    servers.clear();
  }

  /** {@code 10.0.0.2}, {@code 10.0.0.2:5353} or an IPv6 address. */
  private static InetSocketAddress socketAddress(String text) {
    int colon = text.lastIndexOf(':');
    if (colon > 0 && text.indexOf(':') == colon) {
      return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }
    return new InetSocketAddress(text, 53);
  }
}
