package dev.berth.engine.network;

import dev.berth.engine.error.InvalidArgument;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code --link} gives a container on the default bridge (moby's legacy links): a hosts line
 * per linked container and its variables ({@code ALIAS_PORT_…}, {@code ALIAS_ENV_…}).
 */
record LegacyLinks(List<String> hosts, List<String> env) {

  /** The links of {@code parentName}; each linked container must run on the default bridge (moby's errors). */
  static LegacyLinks of(String parentName, List<Link> links, EndpointTable endpoints) {
    var hosts = new ArrayList<String>();
    var env = new ArrayList<String>();
    for (var link : links) {
      var child = endpoints.find(link.name());
      if (child == null || child.attachments().isEmpty()) {
        throw new InvalidArgument("Cannot link to a non running container: /" + link.name() + " AS /" + parentName + "/"
            + link.alias());
      }
      var onBridge = child.attachments().stream().filter(a -> a.dnsNames() == null && !a.ipAddress().isEmpty()
          && a.networkName().equals("bridge")).findFirst();
      if (onBridge.isEmpty()) {
        throw new InvalidArgument("Cannot link to /" + child.containerName() + ", as it does not belong to the default network");
      }
      var ip = onBridge.get().ipAddress();
      hosts.add(link.hostsLine(ip, child.hostname()));
      env.addAll(link.env(parentName, ip, child.exposedPorts(), child.env()));
    }
    return new LegacyLinks(List.copyOf(hosts), List.copyOf(env));
  }
}
