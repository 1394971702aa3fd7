package dev.berth.netplug;

import java.util.ArrayList;
import java.util.List;

/**
 * The iptables (nft variant, as the CNI plugins use) steps Berth does itself: removing the shared
 * chains the CNI plugins create but never delete, in both families (the plugins program ip6tables
 * for containers with IPv6 addresses exactly as iptables for IPv4 ones).
 */
public final class Iptables {
  private static final List<String> FAMILIES = List.of("iptables", "ip6tables");

  /** The jumps into portmap's shared nat chains from the built-in chains. */
  private static final List<List<String>> NAT_JUMPS = List.of(
      List.of("PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "CNI-HOSTPORT-DNAT"),
      List.of("OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "CNI-HOSTPORT-DNAT"),
      List.of("POSTROUTING", "-m", "comment", "--comment", "CNI portfwd requiring masquerade", "-j", "CNI-HOSTPORT-MASQ"));

  private static final List<String> FORWARD_JUMP =
      List.of("FORWARD", "-m", "comment", "--comment", "CNI firewall plugin rules", "-j", "CNI-FORWARD");

  /**
   * Removes the plugins' shared chains when no container of any daemon uses them any more: portmap's
   * CNI-HOSTPORT-* (nat) when CNI-HOSTPORT-DNAT has no rule, the firewall plugin's CNI-FORWARD and
   * CNI-ADMIN (filter) when they hold nothing but the admin jump. Other CNI users on the host
   * recreate them on their next ADD.
   */
  public void removeUnusedSharedChains() {
    for (var family : FAMILIES) {
      removeUnusedSharedChains(family);
    }
  }

  private void removeUnusedSharedChains(String family) {
    var nat = rules(family, "nat");
    if (declares(nat, "CNI-HOSTPORT-DNAT") && nat.stream().noneMatch(r -> r.startsWith("-A CNI-HOSTPORT-DNAT "))) {
      for (var jump : NAT_JUMPS) {
        deleteAll(family, "nat", jump);
      }
      for (var chain : List.of("CNI-HOSTPORT-DNAT", "CNI-HOSTPORT-MASQ", "CNI-HOSTPORT-SETMARK")) {
        dropChain(family, "nat", chain, nat);
      }
    }
    var filter = rules(family, "filter");
    boolean used = filter.stream().anyMatch(r ->
        r.startsWith("-A CNI-ADMIN ") || (r.startsWith("-A CNI-FORWARD ") && !r.endsWith("-j CNI-ADMIN")));
    if (declares(filter, "CNI-FORWARD") && !used) {
      deleteAll(family, "filter", FORWARD_JUMP);
      dropChain(family, "filter", "CNI-FORWARD", filter);
      dropChain(family, "filter", "CNI-ADMIN", filter);
    }
  }

  /**
   * Removes the bridge plugin's per-container masquerade rule and chain. The plugin's own DEL only
   * does so while the container's interface still exists, so after a crash or reboot (namespace
   * gone) the start-up scan calls this. Names as the plugins' utils.FormatChainName/FormatComment.
   */
  public void removeMasquerade(String cniNetworkName, String containerId, String ip) {
    var chain = "CNI-" + sha512Hex(cniNetworkName + containerId).substring(0, 24);
    var comment = "name: \"" + cniNetworkName + "\" id: \"" + containerId + "\"";
    boolean v6 = Cidr6.isIpv6(ip);
    var family = v6 ? "ip6tables" : "iptables";
    var source = v6 ? ip + "/128" : ip + "/32";
    deleteAll(family, "nat", List.of("POSTROUTING", "-s", source, "-m", "comment", "--comment", comment, "-j", chain));
    Command.run(List.of(family, "-w", "-t", "nat", "-F", chain));
    Command.run(List.of(family, "-w", "-t", "nat", "-X", chain));
  }

  static String sha512Hex(String text) {
    try {
      var digest = java.security.MessageDigest.getInstance("SHA-512").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean declares(List<String> rules, String chain) {
    return rules.stream().anyMatch(r -> r.startsWith(":" + chain + " "));
  }

  private static void deleteAll(String family, String table, List<String> rule) {
    var argv = new ArrayList<>(List.of(family, "-w", "-t", table, "-D"));
    argv.addAll(rule);
    for (int i = 0; i < 8 && Command.run(argv).ok(); i++) {
      // a rule added twice by racing plugins is deleted twice
    }
  }

  /** The table's rules and chain declarations as iptables-save prints them (counters stripped). */
  public List<String> rules(String table) {
    return rules("iptables", table);
  }

  /** As {@link #rules(String)} for {@code family} ("iptables" or "ip6tables"). */
  public List<String> rules(String family, String table) {
    var out = Command.run(List.of(family + "-save", "-t", table));
    var lines = new ArrayList<String>();
    for (var line : out.stdout().split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        lines.add(line.replaceAll(" \\[\\d+:\\d+\\]$", " [0:0]"));
      }
    }
    return lines;
  }

  private static void dropChain(String family, String table, String chain, List<String> current) {
    if (current.stream().anyMatch(r -> r.startsWith(":" + chain + " "))) {
      Command.run(List.of(family, "-w", "-t", table, "-F", chain));
      Command.run(List.of(family, "-w", "-t", table, "-X", chain));
    }
  }
}
