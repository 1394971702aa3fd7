package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.network.NetworkSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcFilesTest {
  @TempDir Path dir;

  @Test
  void resolvConfDropsLocalhostNameserversAndFallsBackToDefaults() throws Exception {
    Files.writeString(dir.resolve("resolv.conf"), "# host\nnameserver 127.0.0.53\nsearch corp.example\noptions edns0\n");
    var etc = new EtcFiles(dir.resolve("resolv.conf"), dir.resolve("hosts"));
    var net = new NetworkSetup(null, false, Map.of(), List.of(), List.of());
    assertThat(etc.resolvConf(null, net))
        .isEqualTo("search corp.example\nnameserver 8.8.8.8\nnameserver 8.8.4.4\noptions edns0\n");
    var hostNet = new NetworkSetup(null, true, Map.of(), List.of(), List.of());
    assertThat(etc.resolvConf(null, hostNet)).contains("nameserver 127.0.0.53");
    var userNet = new NetworkSetup("/run/netns/x", false, Map.of(), List.of("10.1.0.2 web"), List.of("127.0.0.11"));
    assertThat(etc.resolvConf(null, userNet)).contains("nameserver 127.0.0.11").doesNotContain("8.8.8.8");
    assertThat(etc.hosts("web", "", null, userNet)).startsWith("127.0.0.1\tlocalhost\n").endsWith("10.1.0.2\tweb\n");
  }
}
