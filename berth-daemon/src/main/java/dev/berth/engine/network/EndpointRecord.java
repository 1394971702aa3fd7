package dev.berth.engine.network;

import dev.berth.netplug.CniNetwork;
import java.util.List;
import java.util.Map;

/**
 * A container's networking as stored under {@code <data-root>/network/endpoints/<container id>.json}:
 * enough to tear it down after a daemon restart (the CNI configs and results DEL needs) and to show
 * it in inspect.
 *
 * @param mode "bridge" (CNI attachments), "host", "none" or "container"
 * @param env the container's own environment (its links' {@code ALIAS_ENV_*} variables come from it)
 * @param links link alias → linked container name ({@code --link name:alias})
 * @param dnsUpstream the resolvers the container's embedded DNS forwards to; null when it has none
 */
record EndpointRecord(
    String containerId,
    String containerName,
    String hostname,
    String mode,
    String netnsPath,
    String sandboxId,
    List<Attachment> attachments,
    List<Published> ports,
    Map<String, Object> exposedPorts,
    List<String> env,
    Map<String, String> links,
    List<String> dnsUpstream) {

  EndpointRecord withAttachments(List<Attachment> list) {
    return new EndpointRecord(containerId, containerName, hostname, mode, netnsPath, sandboxId, List.copyOf(list), ports,
        exposedPorts, env, links, dnsUpstream);
  }

  EndpointRecord withPorts(List<Published> published) {
    return new EndpointRecord(containerId, containerName, hostname, mode, netnsPath, sandboxId, attachments,
        List.copyOf(published), exposedPorts, env, links, dnsUpstream);
  }

  EndpointRecord withDnsUpstream(List<String> upstream) {
    return new EndpointRecord(containerId, containerName, hostname, mode, netnsPath, sandboxId, attachments, ports,
        exposedPorts, env, links, upstream == null ? null : List.copyOf(upstream));
  }

  /** One interface on one network. */
  record Attachment(
      String networkId,
      String networkName,
      String ifName,
      String endpointId,
      String ipAddress,
      int prefixLen,
      String gateway,
      String macAddress,
      String requestedIp,
      String requestedMac,
      List<String> aliases,
      List<String> dnsNames,
      CniNetwork cni,
      Map<String, Object> cniResult,
      String allocatedIp,
      String ipv6Address,
      int ipv6PrefixLen,
      String ipv6Gateway,
      String requestedIpv6) {
    /** An IPv4-only attachment (no IPv6 address, none requested). */
    Attachment(String networkId, String networkName, String ifName, String endpointId, String ipAddress,
        int prefixLen, String gateway, String macAddress, String requestedIp, String requestedMac,
        List<String> aliases, List<String> dnsNames, CniNetwork cni, Map<String, Object> cniResult) {
      this(networkId, networkName, ifName, endpointId, ipAddress, prefixLen, gateway, macAddress, requestedIp,
          requestedMac, aliases, dnsNames, cni, cniResult, null);
    }

    /** @param allocatedIp an IPAM plugin's address before CNI ADD (requestedIp stays the user's --ip) */
    Attachment(String networkId, String networkName, String ifName, String endpointId, String ipAddress,
        int prefixLen, String gateway, String macAddress, String requestedIp, String requestedMac,
        List<String> aliases, List<String> dnsNames, CniNetwork cni, Map<String, Object> cniResult,
        String allocatedIp) {
      this(networkId, networkName, ifName, endpointId, ipAddress, prefixLen, gateway, macAddress, requestedIp,
          requestedMac, aliases, dnsNames, cni, cniResult, allocatedIp, null, 0, null, null);
    }

    /** This attachment with the user's {@code --ip6} (kept for inspect's IPAMConfig and for CNI ADD). */
    Attachment withRequestedIpv6(String ip6) {
      return new Attachment(networkId, networkName, ifName, endpointId, ipAddress, prefixLen, gateway, macAddress,
          requestedIp, requestedMac, aliases, dnsNames, cni, cniResult, allocatedIp, ipv6Address, ipv6PrefixLen,
          ipv6Gateway, ip6);
    }

    /** This attachment with the IPv6 address CNI ADD gave (address, prefix, gateway; empty when none). */
    Attachment withIpv6(String address, int prefix, String gw) {
      return new Attachment(networkId, networkName, ifName, endpointId, ipAddress, prefixLen, gateway, macAddress,
          requestedIp, requestedMac, aliases, dnsNames, cni, cniResult, allocatedIp, address, prefix, gw,
          requestedIpv6);
    }

    /** The IPv6 address in use, or "" (records written before Berth had IPv6 have null). */
    String ipv6() {
      return ipv6Address == null ? "" : ipv6Address;
    }

    /** The address to release: the one in use, else the plugin's allocation, else the requested one. */
    String leaseIp() {
      if (ipAddress != null && !ipAddress.isEmpty()) return ipAddress;
      return allocatedIp != null ? allocatedIp : requestedIp;
    }

    /** What CNI must assign (host-local's IP= argument): the IPAM plugin's address or the user's --ip. */
    String assignIp() {
      return allocatedIp != null ? allocatedIp : requestedIp;
    }
  }

  /** A published port as reported in {@code NetworkSettings.Ports}. */
  record Published(String proto, int containerPort, String hostIp, int hostPort) {
    String key() {
      return containerPort + "/" + proto;
    }
  }
}
