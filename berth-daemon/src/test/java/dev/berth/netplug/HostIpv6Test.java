package dev.berth.netplug;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostIpv6Test {
  @TempDir Path proc;

  private HostIpv6 with(String disableIpv6, boolean module) throws Exception {
    Files.createDirectories(proc.resolve("sys/net/ipv6/conf/all"));
    Files.createDirectories(proc.resolve("net"));
    if (disableIpv6 != null) {
      Files.writeString(proc.resolve("sys/net/ipv6/conf/all/disable_ipv6"), disableIpv6);
    }
    if (module) {
      Files.writeString(proc.resolve("net/if_inet6"), "");
    }
    return new HostIpv6(proc);
  }

  @Test
  void enabledOnlyWithTheModuleAndTheSysctlAtZero() throws Exception {
    assertThat(with("0\n", true).enabled()).isTrue();
    assertThat(with("1\n", true).enabled()).isFalse();
  }

  @Test
  void aKernelWithoutIpv6IsNotEnabled() throws Exception {
    assertThat(with(null, false).enabled()).isFalse();
  }
}
