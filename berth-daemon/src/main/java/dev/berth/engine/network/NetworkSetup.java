package dev.berth.engine.network;

import java.util.List;
import java.util.Map;

/**
 * What a container joins and what inspect shows.
 *
 * @param netnsPath a namespace the runtime joins; null means "make a new one with loopback only"
 *     (or no namespace at all when {@code hostNetwork})
 * @param networkSettings the inspect {@code NetworkSettings} object (Docker's shape), never null
 * @param hostsEntries extra {@code /etc/hosts} lines ({@code "ip<TAB>name…"}) for this container
 * @param internalResolver whether the container uses the embedded DNS at 127.0.0.11 (user-defined
 *     networks); false means resolv.conf copies the host's, as dockerd does on the default bridge
 * @param dnsUpstream where the embedded DNS forwards other names (for resolv.conf's comment)
 * @param env variables the container's environment gets before its own (legacy links)
 * @param hostGatewayIp what {@code --add-host name:host-gateway} means; empty when there is none
 */
public record NetworkSetup(
    String netnsPath,
    boolean hostNetwork,
    Map<String, Object> networkSettings,
    List<String> hostsEntries,
    boolean internalResolver,
    List<String> dnsUpstream,
    List<String> env,
    String hostGatewayIp) {

  /** A setup with no extra hosts lines, no embedded DNS and no link variables. */
  public static NetworkSetup plain(String netnsPath, boolean hostNetwork, Map<String, Object> settings, String hostGatewayIp) {
    return new NetworkSetup(netnsPath, hostNetwork, settings, List.of(), false, List.of(), List.of(), hostGatewayIp);
  }
}
