package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.network.AddressPool;
import dev.berth.engine.network.AddressPool6;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkWiringTest {
  @TempDir Path dir;

  private DaemonConfig config(String json, String... args) throws Exception {
    var file = dir.resolve("daemon.json");
    Files.writeString(file, json);
    var all = new java.util.ArrayList<>(List.of(args));
    all.add("--config-file=" + file);
    return DaemonConfig.from(DaemonJson.merge(DaemonFlags.parse(all.toArray(String[]::new))));
  }

  @Test
  void ipv6SettingsFromFlagsAndDaemonJsonReachTheNetworkOptions() throws Exception {
    var options = NetworkWiring.options(config("""
        {"default-address-pools": [{"base": "10.60.0.0/16", "size": 24}, {"base": "fd1b:60::/48", "size": 64}]}
        """, "--ipv6", "--fixed-cidr-v6=fd1b:61::/64"));
    assertThat(options.ipv6()).isTrue();
    assertThat(options.fixedCidrV6()).isEqualTo("fd1b:61::/64");
    assertThat(options.pools()).containsExactly(AddressPool.of("10.60.0.0/16", 24));
    assertThat(options.pools6()).containsExactly(AddressPool6.of("fd1b:60::/48", 64));
    var fromFile = NetworkWiring.options(config("{\"ipv6\": true, \"fixed-cidr-v6\": \"fd1b:62::/64\", \"ip6tables\": true}"));
    assertThat(fromFile.ipv6()).isTrue();
    assertThat(fromFile.fixedCidrV6()).isEqualTo("fd1b:62::/64");
  }

  @Test
  void ipv6WithoutASubnetFailsAsDockerdDoes() {
    assertThatThrownBy(() -> config("{}", "--ipv6"))
        .isInstanceOf(DaemonJson.ConfigException.class)
        .hasMessage("failed to start daemon: error initializing network controller: IPv6 is enabled for the default "
            + "bridge, but no subnet is configured. Specify an IPv6 subnet using --fixed-cidr-v6");
    assertThat(NetworkWiring.ipv6Problem(false, "10.0.0.0/8", true)).isEqualTo("fixed-cidr-v6 is not an IPv6 subnet");
    assertThat(NetworkWiring.ipv6Problem(true, "fd1b::/64", false)).contains("IPv6 is disabled on this host");
    assertThat(NetworkWiring.ipv6Problem(true, "fd1b::/64", true)).isNull();
  }
}
