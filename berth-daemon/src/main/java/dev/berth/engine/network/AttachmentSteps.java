package dev.berth.engine.network;

import dev.berth.netplug.CniAttachment;
import dev.berth.netplug.CniNetwork;
import dev.berth.netplug.CniResult;
import dev.berth.netplug.CniRuntime;
import dev.berth.netplug.HostLocalLeases;
import dev.berth.netplug.NetworkOperationException;
import java.util.HashMap;
import java.util.List;

/**
 * One network's step of a container's networking: an attachment planned (its CNI config or its
 * plugin lease), joined (CNI ADD, or the network's driver plugin in {@code engine.network.remote})
 * and left again. Recording each step is the caller's. Thread-safe (holds no state of its own).
 */
final class AttachmentSteps {
  private static final System.Logger LOG = System.getLogger("berth.network");

  private final CniRuntime cni;
  private final HostLocalLeases leases;
  private final NetworkPlugins plugins;

  AttachmentSteps(CniRuntime cni, HostLocalLeases leases, NetworkPlugins plugins) {
    this.cni = cni;
    this.leases = leases;
    this.plugins = plugins;
  }

  /** Whether containers can join {@code network} by an attachment (not host or none). */
  boolean joins(NetworkRecord network) {
    return network.usesCni() || plugins.joinsByPlugin(network.id());
  }

  /** The attachment as recorded before it is joined: what to ask for, no result yet. */
  EndpointRecord.Attachment pending(
      String containerId, AttachPlan.Target target, String ifName, String endpointId, String containerName,
      boolean publishesPorts) {
    var n = target.network();
    var byPlugin = plugins.joinsByPlugin(n.id());
    return new EndpointRecord.Attachment(n.id(), n.name(), ifName, endpointId, "", 0, "", "",
        target.ip(), target.mac(), target.aliases(containerId), target.dnsNames(containerName, containerId),
        byPlugin ? null : CniConfigs.forNetwork(n, leases.dataDir(), publishesPorts), null,
        byPlugin ? null : plugins.requestAddress(n.id(), target.ip())).withRequestedIpv6(target.ip6());
  }

  /** Joins attachment {@code i}: CNI ADD, or the network's driver plugin (engine.network.remote). */
  EndpointRecord.Attachment join(EndpointRecord record, int i) {
    var a = record.attachments().get(i);
    if (!plugins.joinsByPlugin(a.networkId())) {
      return added(a, add(a.cni(), cniAttachment(record, i)));
    }
    var j = plugins.join(new NetworkPlugins.EndpointSpec(a.networkId(), a.networkName(), a.endpointId(),
        record.containerName(), record.netnsPath(), a.ifName(), a.requestedIp(), a.requestedMac()));
    return new EndpointRecord.Attachment(a.networkId(), a.networkName(), a.ifName(), a.endpointId(), j.ip(),
        j.prefixLen(), j.gateway(), j.mac(), a.requestedIp(), a.requestedMac(), a.aliases(), a.dnsNames(), null, null);
  }

  /**
   * Leaves attachment {@code i}: the driver plugin's leave, then CNI DEL. A failed DEL is logged,
   * not thrown: the namespace may already be gone, and the host side goes with the record.
   */
  void leave(EndpointRecord record, int i) {
    var a = record.attachments().get(i);
    plugins.leave(a.networkId(), a.endpointId(), record.netnsPath(), a.leaseIp());
    if (a.cni() == null) {
      return;
    }
    try {
      cni.del(a.cni(), cniAttachment(record, i), a.cniResult());
    } catch (NetworkOperationException e) {
      LOG.log(System.Logger.Level.WARNING, "CNI DEL for " + record.containerId() + " on " + a.networkName() + ": " + e.getMessage());
    }
  }

  /**
   * CNI ADD, retried once when another daemon on the host removed the plugins' shared iptables
   * chains between the plugin's check and its rule (they are dropped when nothing uses them).
   */
  private CniResult add(CniNetwork conf, CniAttachment attachment) {
    for (int attempt = 1; ; attempt++) {
      try {
        return cni.add(conf, attachment);
      } catch (NetworkOperationException e) {
        var m = e.getMessage() == null ? "" : e.getMessage();
        boolean lostChain = m.contains("No chain/target/match") || (m.contains("Chain '") && m.contains("does not exist"));
        if (!lostChain || attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static EndpointRecord.Attachment added(EndpointRecord.Attachment a, CniResult result) {
    var ip = result.ipv4(a.ifName());
    var internal = a.cni().plugins().getFirst().get("isGateway") == Boolean.FALSE;
    var ip6 = result.ipv6(a.ifName());
    return new EndpointRecord.Attachment(a.networkId(), a.networkName(), a.ifName(), a.endpointId(),
        ip.address().addressText(), ip.address().prefix(), internal ? "" : ip.gateway(),
        result.containerInterface(a.ifName()).mac(), a.requestedIp(), a.requestedMac(), a.aliases(), a.dnsNames(), a.cni(), result.raw())
        .withRequestedIpv6(a.requestedIpv6())
        .withIpv6(ip6.map(x -> x.address().addressText()).orElse(""), ip6.map(x -> x.address().prefix()).orElse(0),
            ip6.isEmpty() || internal ? "" : ip6.get().gateway());
  }

  private static CniAttachment cniAttachment(EndpointRecord record, int index) {
    var a = record.attachments().get(index);
    var caps = new HashMap<String, Object>();
    if (index == 0 && !record.ports().isEmpty()) {
      caps.put("portMappings", CniConfigs.portMappings(record.ports()));
    }
    if (a.requestedMac() != null) {
      caps.put("mac", a.requestedMac());
    }
    if (a.requestedIpv6() != null && !a.requestedIpv6().isEmpty()) {
      caps.put("ips", List.of(a.requestedIpv6())); // --ip6; host-local adds it to CNI_ARGS' IP
    }
    var ip = a.assignIp();
    var args = ip == null || ip.isEmpty() ? List.<String>of() : List.of("IP=" + ip);
    return new CniAttachment(record.containerId(), record.netnsPath(), a.ifName(), caps, args);
  }
}
