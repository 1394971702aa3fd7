package dev.berth.engine.container;

import dev.berth.engine.network.NetworkSetup;
import dev.berth.model.HostConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The container's /etc/hostname, /etc/hosts and /etc/resolv.conf, written under its folder and
 * bind-mounted by the spec (dockerd keeps them in the same place, and cri-dockerd rewrites
 * resolv.conf there). resolv.conf follows moby's {@code libnetwork/resolvconf}: the host's file
 * without localhost nameservers, Google's public servers if none are left; the container's
 * {@code --dns*} options replace the host's values.
 */
final class EtcFiles {
  static final List<String> DEFAULT_NAMESERVERS = List.of("8.8.8.8", "8.8.4.4");

  private final Path hostResolvConf;
  private final Path hostHosts;

  EtcFiles(Path hostResolvConf, Path hostHosts) {
    this.hostResolvConf = hostResolvConf;
    this.hostHosts = hostHosts;
  }

  /**
   * Writes the three files, each replaced atomically but not fsynced: they are rewritten at every
   * start, so a crash can only lose a copy nobody reads again.
   */
  void write(Path dir, String hostname, String domainname, HostConfig hc, NetworkSetup net) {
    try {
      replace(dir.resolve("hostname"), hostname + "\n");
      replace(dir.resolve("hosts"), hosts(hostname, domainname, hc, net));
      replace(dir.resolve("resolv.conf"), resolvConf(hc, net));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void replace(Path file, String text) throws IOException {
    var tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  String hosts(String hostname, String domainname, HostConfig hc, NetworkSetup net) throws IOException {
    var s = new StringBuilder();
    if (net.hostNetwork() && Files.isReadable(hostHosts)) {
      s.append(Files.readString(hostHosts));
      if (!s.isEmpty() && s.charAt(s.length() - 1) != '\n') s.append('\n');
    } else {
      s.append("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n")
          .append("ff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n");
    }
    if (hc != null && hc.extraHosts() != null) {
      for (var extra : hc.extraHosts()) {
        int sep = extra.indexOf(':');
        if (sep > 0) s.append(extra.substring(sep + 1)).append('\t').append(extra, 0, sep).append('\n');
      }
    }
    for (var line : net.hostsEntries()) {
      s.append(line.replaceFirst(" ", "\t")).append('\n');
    }
    return s.toString();
  }

  String resolvConf(HostConfig hc, NetworkSetup net) throws IOException {
    var host = Files.isReadable(hostResolvConf) ? Files.readAllLines(hostResolvConf) : List.<String>of();
    var nameservers = new ArrayList<String>();
    var search = new ArrayList<String>();
    var options = new ArrayList<String>();
    for (var raw : host) {
      var f = raw.strip().split("\\s+");
      if (f.length < 2 || f[0].startsWith("#") || f[0].startsWith(";")) continue;
      var rest = List.of(f).subList(1, f.length);
      switch (f[0]) {
        case "nameserver" -> {
          if (net.hostNetwork() || !isLocalhost(f[1])) nameservers.add(f[1]);
        }
        case "search", "domain" -> search.addAll(rest);
        case "options" -> options.addAll(rest);
        default -> { }
      }
    }
    if (!net.nameservers().isEmpty()) nameservers = new ArrayList<>(net.nameservers());
    if (hc != null && hc.dns() != null && !hc.dns().isEmpty()) nameservers = new ArrayList<>(hc.dns());
    if (nameservers.isEmpty() && !net.hostNetwork()) nameservers.addAll(DEFAULT_NAMESERVERS);
    if (hc != null && hc.dnsSearch() != null && !hc.dnsSearch().isEmpty()) search = new ArrayList<>(hc.dnsSearch());
    if (hc != null && hc.dnsOptions() != null && !hc.dnsOptions().isEmpty()) options = new ArrayList<>(hc.dnsOptions());
    var s = new StringBuilder();
    if (!search.isEmpty()) s.append("search ").append(String.join(" ", search)).append('\n');
    for (var ns : nameservers) s.append("nameserver ").append(ns).append('\n');
    if (!options.isEmpty()) s.append("options ").append(String.join(" ", options)).append('\n');
    return s.toString();
  }

  static boolean isLocalhost(String address) {
    return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
  }
}
