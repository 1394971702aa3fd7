package dev.berth.engine.network;

import dev.berth.netplug.HostLocalLeases;
import dev.berth.netplug.Iptables;
import dev.berth.netplug.NetnsFiles;
import java.util.function.Consumer;

/**
 * The start-up scan of the endpoint records a previous daemon left: containers whose namespace
 * survived (live-restore) get their port relays and embedded DNS back; the rest is undone; stray
 * namespaces and IPAM leases go. Runs once, before any container starts.
 */
final class EndpointRecovery {
  private final NetnsFiles netns;
  private final EndpointTable endpoints;
  private final PortPublisher ports;
  private final ContainerDns dns;
  private final HostLocalLeases leases;
  private final Iptables iptables;

  EndpointRecovery(NetnsFiles netns, EndpointTable endpoints, PortPublisher ports, ContainerDns dns,
      HostLocalLeases leases, Iptables iptables) {
    this.netns = netns;
    this.endpoints = endpoints;
    this.ports = ports;
    this.dns = dns;
    this.leases = leases;
    this.iptables = iptables;
  }

  /** Keeps endpoints whose namespace survived, undoes the rest through {@code tearDown}, drops strays. */
  void reconcile(Consumer<String> tearDown) {
    for (var record : endpoints.stored()) {
      boolean needsNetns = !record.mode().equals("host");
      if (needsNetns && !netns.exists(record.containerId())) {
        tearDown.accept(record.containerId());
        continue;
      }
      endpoints.cache(record);
      if (!record.ports().isEmpty() && !record.attachments().isEmpty()) {
        ports.restore(record.containerId(), record.ports(), record.attachments().getFirst().ipAddress());
      }
      if (record.dnsUpstream() != null) {
        var id = record.containerId();
        dns.restore(id, record.netnsPath(), record.dnsUpstream(), name -> endpoints.resolve(id, name));
      }
    }
    var kept = endpoints.containerIds();
    for (var id : netns.list()) {
      if (!kept.contains(id)) {
        netns.remove(id);
      }
    }
    leases.removeLeasesExcept(kept);
    if (kept.isEmpty()) {
      iptables.removeUnusedSharedChains();
    }
  }
}
