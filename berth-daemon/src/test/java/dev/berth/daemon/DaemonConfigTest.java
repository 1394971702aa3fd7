package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.server.ListenAddress;
import dev.berth.engine.network.AddressPool;
import dev.berth.engine.network.AddressPool6;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
  @TempDir Path dir;

  private DaemonConfig config(String json, String... args) throws Exception {
    var file = dir.resolve("daemon.json");
    Files.writeString(file, json);
    var all = new java.util.ArrayList<>(List.of(args));
    all.add("--config-file=" + file);
    return DaemonConfig.from(DaemonJson.merge(DaemonFlags.parse(all.toArray(String[]::new))));
  }

  @Test
  void defaultsAreDockerdsWithBerthPaths() throws Exception {
    var c = config("{}");
    assertThat(c.hosts()).containsExactly(new ListenAddress.Unix(Path.of("/run/berth.sock")));
    assertThat(c.dataRoot()).isEqualTo(Path.of("/var/lib/berth"));
    assertThat(c.execRoot()).isEqualTo(Path.of("/run/berth"));
    assertThat(c.pidfile()).isEqualTo(Path.of("/run/berth/berthd.pid"));
    assertThat(c.group()).isEqualTo("docker");
    assertThat(c.logLevel()).isEqualTo("info");
    assertThat(c.liveRestore()).isFalse();
    assertThat(c.runtimes()).containsKey("runc");
  }

  @Test
  void flagsInAllSpellings() throws Exception {
    var c = config("", "-H", "unix:///tmp/a.sock", "--host=tcp://127.0.0.1:2999", "-D", "--live-restore",
        "--exec-root", "/tmp/e", "--data-root=/tmp/d", "--group", "wheel", "--tlsverify", "--add-runtime", "crun=/usr/bin/crun",
        "--log-opt", "max-size=10m", "--iptables=false");
    assertThat(c.hosts()).containsExactly(new ListenAddress.Unix(Path.of("/tmp/a.sock")), new ListenAddress.Tcp("127.0.0.1", 2999));
    assertThat(c.debug()).isTrue();
    assertThat(c.logLevel()).isEqualTo("debug");
    assertThat(c.liveRestore()).isTrue();
    assertThat(c.pidfile()).isEqualTo(Path.of("/tmp/e/berthd.pid"));
    assertThat(c.dataRoot()).isEqualTo(Path.of("/tmp/d"));
    assertThat(c.group()).isEqualTo("wheel");
    assertThat(c.tlsVerify()).isTrue();
    assertThat(c.runtimes().get("crun").path()).isEqualTo("/usr/bin/crun");
    assertThat(c.logOpts()).isEqualTo(Map.of("max-size", "10m"));
    assertThat(c.iptables()).isFalse();
  }

  @Test
  void daemonJsonKeysAreRead() throws Exception {
    var c = config("""
        {"hosts":["unix:///tmp/x.sock"],"live-restore":true,"log-level":"warn","insecure-registries":["127.0.0.1:5000"],
         "default-address-pools":[{"base":"10.10.0.0/16","size":24}],"runtimes":{"r":{"path":"/bin/r","runtimeArgs":["--x"]}},
         "default-ulimits":{"nofile":{"Name":"nofile","Hard":64000,"Soft":64000}},"features":{"cdi":true},
         "max-concurrent-downloads":7,"detach-keys":"ctrl-x","experimental":false,"tls":false}""");
    assertThat(c.hosts()).containsExactly(new ListenAddress.Unix(Path.of("/tmp/x.sock")));
    assertThat(c.liveRestore()).isTrue();
    assertThat(c.logLevel()).isEqualTo("warn");
    assertThat(c.insecureRegistries()).containsExactly("127.0.0.1:5000");
    assertThat(c.defaultAddressPools()).containsExactly(new DaemonConfig.AddressPool("10.10.0.0/16", 24));
    assertThat(c.runtimes().get("r")).isEqualTo(new DaemonConfig.RuntimeConfig("/bin/r", List.of("--x")));
    assertThat(c.defaultUlimits().get("nofile")).isEqualTo(new DaemonConfig.Ulimit("nofile", 64000, 64000));
    assertThat(c.maxConcurrentDownloads()).isEqualTo(7);
    assertThat(c.settings()).containsEntry("detach-keys", "ctrl-x");
  }

  @Test
  void unknownKeysAreRefusedWithDockerdsWording() {
    assertThatThrownBy(() -> config("{\"bogus\":1,\"also-bogus\":2,\"debug\":true}"))
        .hasMessage("unable to configure the Docker daemon with file " + dir.resolve("daemon.json")
            + ": the following directives don't match any configuration option: also-bogus, bogus");
  }

  @Test
  void aKeyInFileAndFlagIsAConflict() {
    assertThatThrownBy(() -> config("{\"hosts\":\"tcp://127.0.0.1:2345\"}", "-H", "unix:///var/run/docker.sock"))
        .hasMessageContaining("the following directives are specified both as a flag and in the configuration file: "
            + "hosts: (from flag: [unix:///var/run/docker.sock], from file: tcp://127.0.0.1:2345)");
  }

  @Test
  void missingExplicitFileIsAnErrorButMissingDefaultIsNot() throws Exception {
    assertThatThrownBy(() -> DaemonJson.merge(DaemonFlags.parse("--config-file", dir.resolve("nope.json").toString())))
        .hasMessageContaining("no such file or directory");
    assertThat(Files.exists(DaemonJson.DEFAULT_FILE)).as("this test assumes no /etc/berth/daemon.json").isFalse();
    assertThat(DaemonJson.merge(DaemonFlags.parse())).isEmpty();
  }

  @Test
  void badValuesAndFlagsAreRefused() {
    assertThatThrownBy(() -> config("{\"debug\":\"yes\"}")).hasMessageContaining("debug");
    assertThatThrownBy(() -> config("{\"log-level\":\"loud\"}")).hasMessage("unable to parse logging level: loud");
    assertThatThrownBy(() -> config("{bad json")).hasMessageStartingWith("unable to configure the Docker daemon with file");
    assertThatThrownBy(() -> DaemonFlags.parse("--no-such-flag")).hasMessage("unknown flag: --no-such-flag");
    assertThatThrownBy(() -> DaemonFlags.parse("-H")).hasMessage("flag needs an argument: --host");
    assertThatThrownBy(() -> DaemonFlags.parse("--debug=maybe")).hasMessageContaining("strconv.ParseBool");
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
