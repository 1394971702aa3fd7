package dev.berth.engine.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Docker's wire shapes for networks and a container's {@code NetworkSettings}. Pure. */
final class NetworkViews {
  private NetworkViews() {}

  /** {@code GET /networks/{id}} (and list items, with {@code containers} empty). */
  static Map<String, Object> network(NetworkRecord n, List<EndpointRecord> endpoints) {
    var m = new LinkedHashMap<String, Object>();
    m.put("Name", n.name());
    m.put("Id", n.id());
    m.put("Created", n.created());
    m.put("Scope", "local");
    m.put("Driver", n.driver());
    m.put("EnableIPv6", n.enableIPv6());
    var ipam = new LinkedHashMap<String, Object>();
    ipam.put("Driver", n.ipamDriver());
    ipam.put("Options", n.ipamOptions());
    ipam.put("Config", n.ipam());
    m.put("IPAM", ipam);
    m.put("Internal", n.internal());
    m.put("Attachable", n.attachable());
    m.put("Ingress", false);
    m.put("ConfigFrom", Map.of("Network", ""));
    m.put("ConfigOnly", false);
    var containers = new LinkedHashMap<String, Object>();
    for (var e : endpoints) {
      for (var a : e.attachments()) {
        if (a.networkId().equals(n.id())) {
          var c = new LinkedHashMap<String, Object>();
          c.put("Name", e.containerName());
          c.put("EndpointID", a.endpointId());
          c.put("MacAddress", a.macAddress());
          c.put("IPv4Address", a.ipAddress().isEmpty() ? "" : a.ipAddress() + "/" + a.prefixLen());
          c.put("IPv6Address", a.ipv6().isEmpty() ? "" : a.ipv6() + "/" + a.ipv6PrefixLen());
          containers.put(e.containerId(), c);
        }
      }
    }
    m.put("Containers", containers);
    m.put("Options", n.options());
    m.put("Labels", n.labels());
    return m;
  }

  /** A container's inspect {@code NetworkSettings}. */
  static Map<String, Object> settings(EndpointRecord e, Map<String, NetworkRecord> networksById) {
    var m = new LinkedHashMap<String, Object>();
    m.put("Bridge", "");
    m.put("SandboxID", e.sandboxId());
    m.put("SandboxKey", e.netnsPath() == null ? "" : e.netnsPath());
    m.put("Ports", ports(e));
    m.put("HairpinMode", false);
    m.put("LinkLocalIPv6Address", "");
    m.put("LinkLocalIPv6PrefixLen", 0);
    m.put("SecondaryIPAddresses", null);
    m.put("SecondaryIPv6Addresses", null);
    // dockerd fills the deprecated top-level address fields from the default bridge only.
    var primary = e.attachments().stream()
        .filter(a -> {
          var n = networksById.get(a.networkId());
          return n != null && n.defaultBridge();
        })
        .findFirst();
    m.put("EndpointID", primary.map(EndpointRecord.Attachment::endpointId).orElse(""));
    m.put("Gateway", primary.map(EndpointRecord.Attachment::gateway).orElse(""));
    m.put("GlobalIPv6Address", primary.map(EndpointRecord.Attachment::ipv6).orElse(""));
    m.put("GlobalIPv6PrefixLen", primary.map(EndpointRecord.Attachment::ipv6PrefixLen).orElse(0));
    m.put("IPAddress", primary.map(EndpointRecord.Attachment::ipAddress).orElse(""));
    m.put("IPPrefixLen", primary.map(EndpointRecord.Attachment::prefixLen).orElse(0));
    m.put("IPv6Gateway", primary.map(a -> a.ipv6Gateway() == null ? "" : a.ipv6Gateway()).orElse(""));
    m.put("MacAddress", primary.map(EndpointRecord.Attachment::macAddress).orElse(""));
    var networks = new LinkedHashMap<String, Object>();
    for (var a : e.attachments()) {
      networks.put(a.networkName(), endpoint(a));
    }
    m.put("Networks", networks);
    return m;
  }

  static Map<String, Object> endpoint(EndpointRecord.Attachment a) {
    var m = new LinkedHashMap<String, Object>();
    m.put("IPAMConfig", ipamConfig(a));
    m.put("Links", null);
    m.put("Aliases", a.aliases());
    m.put("MacAddress", a.macAddress());
    m.put("DriverOpts", null);
    m.put("NetworkID", a.networkId());
    m.put("EndpointID", a.endpointId());
    m.put("Gateway", a.gateway());
    m.put("IPAddress", a.ipAddress());
    m.put("IPPrefixLen", a.prefixLen());
    m.put("IPv6Gateway", a.ipv6Gateway() == null ? "" : a.ipv6Gateway());
    m.put("GlobalIPv6Address", a.ipv6());
    m.put("GlobalIPv6PrefixLen", a.ipv6PrefixLen());
    m.put("DNSNames", a.dnsNames());
    return m;
  }

  /** The endpoint's {@code --ip}/{@code --ip6} as given ({@code IPAMConfig}), null when neither was. */
  private static Map<String, Object> ipamConfig(EndpointRecord.Attachment a) {
    var m = new LinkedHashMap<String, Object>();
    if (a.requestedIp() != null && !a.requestedIp().isEmpty()) {
      m.put("IPv4Address", a.requestedIp());
    }
    if (a.requestedIpv6() != null && !a.requestedIpv6().isEmpty()) {
      m.put("IPv6Address", a.requestedIpv6());
    }
    return m.isEmpty() ? null : m;
  }

  /** {@code "80/tcp": [{"HostIp","HostPort"}]}, or null for a port exposed but not published. */
  static Map<String, Object> ports(EndpointRecord e) {
    var ports = new LinkedHashMap<String, Object>();
    if (e.exposedPorts() != null) {
      for (var key : e.exposedPorts().keySet()) {
        ports.put(key.contains("/") ? key : key + "/tcp", null);
      }
    }
    for (var p : e.ports()) {
      @SuppressWarnings("unchecked")
      var list = (List<Object>) ports.get(p.key());
      if (list == null) {
        list = new ArrayList<>();
        ports.put(p.key(), list);
      }
      var binding = new LinkedHashMap<String, Object>();
      binding.put("HostIp", p.hostIp());
      binding.put("HostPort", Integer.toString(p.hostPort()));
      list.add(binding);
    }
    return ports;
  }
}
