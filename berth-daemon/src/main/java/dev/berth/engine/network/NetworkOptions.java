package dev.berth.engine.network;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The daemon settings networking uses (daemon.json / dockerd flag names in brackets).
 *
 * @param defaultBridge the default bridge's Linux name, or "none" for no default bridge [bridge]
 * @param bip the default bridge's gateway address with prefix, e.g. "10.20.0.1/24", or null [bip]
 * @param fixedCidr the part of the default bridge's subnet containers get addresses from, or null [fixed-cidr]
 * @param pools subnets new networks take from [default-address-pools]
 * @param mtu the default bridge's MTU, 0 for the kernel default [mtu]
 * @param userlandProxy relay published ports in the daemon too (needed for 127.0.0.1) [userland-proxy]
 * @param cniPluginDir where the CNI plugins are (Debian: /usr/lib/cni)
 * @param dnsUpstream resolvers the embedded DNS forwards other names to [dns], else the host's
 * @param hostGatewayIp what {@code host-gateway} in {@code --add-host} means, null for the default
 *     bridge's gateway [host-gateway-ip]
 * @param hostResolvConf the host's resolver configuration (/etc/resolv.conf)
 * @param ipv6 the default bridge gets IPv6 addresses from {@code fixedCidrV6} [ipv6]
 * @param fixedCidrV6 the default bridge's IPv6 subnet, or null [fixed-cidr-v6]
 * @param pools6 the IPv6 entries of [default-address-pools], where {@code --ipv6} networks without
 *     an IPv6 subnet take one (none by default, as in moby 25)
 */
public record NetworkOptions(
    Path dataRoot,
    Path execRoot,
    String defaultBridge,
    String bip,
    String fixedCidr,
    List<AddressPool> pools,
    int mtu,
    boolean userlandProxy,
    Path cniPluginDir,
    List<String> dnsUpstream,
    String hostGatewayIp,
    Path hostResolvConf,
    boolean ipv6,
    String fixedCidrV6,
    List<AddressPool6> pools6) {
  public NetworkOptions {
    pools = pools == null || pools.isEmpty() ? AddressPool.dockerDefaults() : List.copyOf(pools);
    pools6 = pools6 == null ? List.of() : List.copyOf(pools6);
    dnsUpstream = dnsUpstream == null ? List.of() : List.copyOf(dnsUpstream);
    hostResolvConf = hostResolvConf == null ? Path.of("/etc/resolv.conf") : hostResolvConf;
  }

  /**
   * Defaults for a data root: the bridge is {@code berth0} for the standard data root; a daemon on
   * another data root (tests, a second daemon) gets {@code berth-<hash>} so two daemons on one host
   * never share a bridge (and its addresses).
   */
  public static NetworkOptions defaults(Path dataRoot, Path execRoot) {
    return new NetworkOptions(
        dataRoot, execRoot, defaultBridgeName(dataRoot), null, null, List.of(), 0, true, Path.of("/usr/lib/cni"),
        List.of(), null, null, false, null, List.of());
  }

  public static String defaultBridgeName(Path dataRoot) {
    if (dataRoot.toAbsolutePath().normalize().equals(Path.of("/var/lib/berth"))) {
      return "berth0";
    }
    try {
      var digest = MessageDigest.getInstance("SHA-256")
          .digest(dataRoot.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
      return "berth-" + HexFormat.of().formatHex(digest).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public NetworkOptions withDefaultBridge(String name) {
    return new NetworkOptions(
        dataRoot, execRoot, name, bip, fixedCidr, pools, mtu, userlandProxy, cniPluginDir, dnsUpstream, hostGatewayIp,
        hostResolvConf, ipv6, fixedCidrV6, pools6);
  }

  public boolean hasDefaultBridge() {
    return defaultBridge != null && !defaultBridge.equals("none");
  }
}
