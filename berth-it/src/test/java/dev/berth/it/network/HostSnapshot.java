package dev.berth.it.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a network test's containers could leave on the host: links of its bridge (the bridge and
 * every port enslaved to it), iptables rules that mention its subnet, CNI network name or
 * containers, and the IPAM leases under its data root. Other daemons on the host (other tests)
 * change the rest of the host's links and rules at the same time, so only these are compared.
 */
record HostSnapshot(List<String> links, List<String> rules, List<String> leases) {

  static HostSnapshot of(String bridge, String subnetPrefix, String cniName, Path dataRoot) {
    var links = run("ip", "-o", "link").lines()
        .map(l -> l.replaceAll("^\\d+: ", ""))
        .filter(l -> l.startsWith(bridge + ":") || l.contains(" master " + bridge + " "))
        .sorted().toList();
    var rules = run("iptables-save").lines()
        .filter(l -> !l.startsWith("#"))
        .filter(l -> l.contains(subnetPrefix) || l.contains(cniName))
        .map(l -> l.replaceAll("\\[\\d+:\\d+\\]", ""))
        .toList();
    return new HostSnapshot(links, rules, leases(dataRoot));
  }

  private static List<String> leases(Path dataRoot) {
    var ipam = dataRoot.resolve("network/ipam");
    if (!Files.isDirectory(ipam)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(ipam)) {
      return files.map(Path::toString).filter(p -> p.matches(".*/[0-9.]+$")).sorted().toList();
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
