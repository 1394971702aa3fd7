package dev.berth.it.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a network test's containers could leave on the host: links of its bridge (the bridge and
 * every port enslaved to it), iptables and ip6tables rules that mention its subnets, CNI network
 * name or containers, the bridge's addresses, and the IPAM leases (both families) under its data
 * root. Other daemons on the host (other tests) change the rest of the host's links and rules at
 * the same time, so only these are compared.
 */
record HostSnapshot(List<String> links, List<String> rules, List<String> leases) {

  static HostSnapshot of(String bridge, String subnetPrefix, String cniName, Path dataRoot) {
    return of(bridge, subnetPrefix, null, cniName, dataRoot);
  }

  /** @param subnet6Prefix the start of the network's IPv6 subnet as ip6tables prints it ("fd1b:60::"), or null */
  static HostSnapshot of(String bridge, String subnetPrefix, String subnet6Prefix, String cniName, Path dataRoot) {
    var links = run("ip", "-o", "link").lines()
        .map(l -> l.replaceAll("^\\d+: ", ""))
        .filter(l -> l.startsWith(bridge + ":") || l.contains(" master " + bridge + " "))
        .sorted().toList();
    var rules = run("iptables-save").lines()
        .filter(l -> !l.startsWith("#"))
        .filter(l -> l.contains(subnetPrefix) || l.contains(cniName))
        .map(l -> l.replaceAll("\\[\\d+:\\d+\\]", ""))
        .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    run("ip6tables-save").lines()
        .filter(l -> !l.startsWith("#"))
        .filter(l -> (subnet6Prefix != null && l.contains(subnet6Prefix)) || l.contains(cniName))
        .map(l -> "ip6 " + l.replaceAll("\\[\\d+:\\d+\\]", ""))
        .forEach(rules::add);
    run("ip", "-o", "addr", "show", "dev", bridge).lines()
        .filter(l -> !l.contains(" fe80:"))
        .map(l -> "addr " + l.replaceAll("^\\d+: ", "").replaceAll("\\s+valid_lft.*", ""))
        .forEach(rules::add);
    return new HostSnapshot(links, List.copyOf(rules), leases(dataRoot));
  }

  private static List<String> leases(Path dataRoot) {
    var ipam = dataRoot.resolve("network/ipam");
    if (!Files.isDirectory(ipam)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(ipam)) {
      return files.map(Path::toString).filter(p -> p.matches(".*/([0-9.]+|[0-9a-f:]*:[0-9a-f:]*)$")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String run(String... argv) {
    try {
      var p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
