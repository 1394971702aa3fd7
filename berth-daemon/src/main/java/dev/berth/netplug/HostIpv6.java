package dev.berth.netplug;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the host's kernel does IPv6: the module is there ({@code /proc/net/if_inet6}) and
 * {@code net.ipv6.conf.all.disable_ipv6} is 0. Read each time (an admin may flip the sysctl).
 */
public final class HostIpv6 {
  private final Path procRoot;

  public HostIpv6() {
    this(Path.of("/proc"));
  }

  /** Reads {@code procRoot} instead of /proc (tests). */
  public HostIpv6(Path procRoot) {
    this.procRoot = procRoot;
  }

  public boolean enabled() {
    var sysctl = procRoot.resolve("sys/net/ipv6/conf/all/disable_ipv6");
    if (!Files.exists(procRoot.resolve("net/if_inet6")) || !Files.exists(sysctl)) {
      return false;
    }
    try {
      return Files.readString(sysctl).strip().equals("0");
    } catch (IOException e) {
      return false;
    }
  }
}
