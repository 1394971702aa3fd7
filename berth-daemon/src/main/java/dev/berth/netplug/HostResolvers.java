package dev.berth.netplug;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The host's DNS resolvers ({@code nameserver} lines of /etc/resolv.conf), for the embedded DNS to forward to. */
public final class HostResolvers {
  private HostResolvers() {}

  public static List<InetSocketAddress> read(Path resolvConf) {
    try {
      return parse(Files.readString(resolvConf));
    } catch (IOException e) {
      return List.of();
    }
  }

  static List<InetSocketAddress> parse(String text) {
    var out = new ArrayList<InetSocketAddress>();
    for (var line : text.split("\n")) {
      var f = line.strip().split("\\s+");
      if (f.length >= 2 && f[0].equals("nameserver") && f[1].matches("[0-9.]+")) {
        out.add(new InetSocketAddress(f[1], 53));
      }
    }
    return out;
  }
}
