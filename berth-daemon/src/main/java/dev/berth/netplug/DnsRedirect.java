package dev.berth.netplug;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The nat rules inside a container's namespace that send {@code 127.0.0.11:53} to the embedded
 * resolver's real ports, named and shaped as dockerd's ({@code libnetwork/resolver_unix.go}:
 * DOCKER_OUTPUT and DOCKER_POSTROUTING). The namespace's nat table is written whole, so running it
 * again (new ports after a daemon restart) replaces the old redirect. Stateless.
 */
final class DnsRedirect {
  private DnsRedirect() {}

  static String natTable(String address, int udpPort, int tcpPort) {
    var dst = address + "/32";
    return String.join("\n",
        "*nat",
        ":PREROUTING ACCEPT [0:0]",
        ":INPUT ACCEPT [0:0]",
        ":OUTPUT ACCEPT [0:0]",
        ":POSTROUTING ACCEPT [0:0]",
        ":DOCKER_OUTPUT - [0:0]",
        ":DOCKER_POSTROUTING - [0:0]",
        "-A OUTPUT -d " + dst + " -j DOCKER_OUTPUT",
        "-A POSTROUTING -d " + dst + " -j DOCKER_POSTROUTING",
        "-A DOCKER_OUTPUT -d " + dst + " -p tcp -m tcp --dport 53 -j DNAT --to-destination " + address + ":" + tcpPort,
        "-A DOCKER_OUTPUT -d " + dst + " -p udp -m udp --dport 53 -j DNAT --to-destination " + address + ":" + udpPort,
        "-A DOCKER_POSTROUTING -s " + dst + " -p tcp -m tcp --sport " + tcpPort + " -j SNAT --to-source :53",
        "-A DOCKER_POSTROUTING -s " + dst + " -p udp -m udp --sport " + udpPort + " -j SNAT --to-source :53",
        "COMMIT",
        "");
  }

  /** Writes the rules with one iptables-restore run inside the namespace. */
  static void install(Path netns, String address, int udpPort, int tcpPort) {
    var rules = natTable(address, udpPort, tcpPort).getBytes(StandardCharsets.UTF_8);
    var result = Command.run(List.of("nsenter", "--net=" + netns, "iptables-restore"), Map.of(), rules);
    if (!result.ok()) {
      throw new NetworkOperationException("failed to redirect the embedded DNS in " + netns + ": " + result.describe());
    }
  }
}
