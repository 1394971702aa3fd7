package dev.berth.it.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import dev.berth.it.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IPv6 through the real CLI, CNI plugins and ip6tables: dual-stack user networks (inspect as
 * dockerd, an address of each family in every container, {@code --ip6} on run and connect, the IPv6
 * default route, ping between containers, /etc/hosts and AAAA answers of the embedded DNS), ports
 * published on {@code ::} as well, the daemon's {@code --ipv6}/{@code --fixed-cidr-v6} and IPv6
 * {@code default-address-pools}, dockerd's texts for bad input, and hygiene: removing containers
 * and networks, and the start-up scan after a crash, leave ip6tables, addresses and leases as they
 * were. Skipped (with the reason) on a kernel without IPv6. The ULA prefixes used here
 * (fd1b:61xx::) never overlap this host's routes.
 */
@BerthTest
class Ipv6IT {
  private static final Duration T = Duration.ofSeconds(60);
  private static final String[] HTTPD = {"busybox", "sh", "-c",
      "echo hello > /tmp/index.html && exec busybox httpd -f -p 80 -h /tmp"};

  @BeforeEach
  void kernelDoesIpv6() throws Exception {
    var sysctl = Path.of("/proc/sys/net/ipv6/conf/all/disable_ipv6");
    assumeTrue(Files.exists(sysctl) && Files.readString(sysctl).strip().equals("0"),
        "IPv6 is disabled on this host (net.ipv6.conf.all.disable_ipv6=1 or no ipv6 module)");
  }

  @Test
  void dualStackNetworkGivesEveryContainerAnAddressOfEachFamily(BerthDaemon daemon) {
    daemon.ensureBusybox();
    Docker docker = daemon.docker();
    String id = docker.ok("network", "create", "--ipv6", "--subnet", "10.231.161.0/24", "--subnet", "fd1b:6161::/64",
        "--gateway", "fd1b:6161::fe", "--ip-range", "fd1b:6161::/80", "dual161").stdout();
    var before = HostSnapshot.of("br-" + id.substring(0, 12), "10.231.161.", "fd1b:6161:", "berth-" + id.substring(0, 12),
        daemon.dataRoot());
    var containers = new ArrayList<String>();
    try {
      JsonNode n = docker.json("network", "inspect", "dual161").get(0);
      assertThat(n.path("EnableIPv6").asBoolean()).isTrue();
      JsonNode configs = n.path("IPAM").path("Config");
      assertThat(configs.size()).isEqualTo(2);
      assertThat(configs.get(0).path("Subnet").asText()).isEqualTo("10.231.161.0/24");
      assertThat(configs.get(1).path("Subnet").asText()).isEqualTo("fd1b:6161::/64");
      assertThat(configs.get(1).path("Gateway").asText()).isEqualTo("fd1b:6161::fe");
      assertThat(configs.get(1).path("IPRange").asText()).isEqualTo("fd1b:6161::/80");
      assertThat(HostSnapshot.run("ip", "-6", "addr", "show", "dev", "br-" + id.substring(0, 12)))
          .contains("inet6 fd1b:6161::fe/64");

      String a = docker.ok("run", "-d", "--name", "v6a", "--network", "dual161", "busybox", "sleep", "300").stdout();
      containers.add(a);
      String b = docker.ok("run", "-d", "--name", "v6b", "--network", "dual161", "--network-alias", "bee",
          "--ip6", "fd1b:6161::99", "busybox", "sleep", "300").stdout();
      containers.add(b);

      JsonNode ep = docker.inspect(a).path("NetworkSettings").path("Networks").path("dual161");
      assertThat(ep.path("IPAddress").asText()).startsWith("10.231.161.");
      String a6 = ep.path("GlobalIPv6Address").asText();
      assertThat(a6).startsWith("fd1b:6161::");
      assertThat(ep.path("GlobalIPv6PrefixLen").asInt()).isEqualTo(64);
      assertThat(ep.path("IPv6Gateway").asText()).isEqualTo("fd1b:6161::fe");
      JsonNode epB = docker.inspect(b).path("NetworkSettings").path("Networks").path("dual161");
      assertThat(epB.path("GlobalIPv6Address").asText()).isEqualTo("fd1b:6161::99");
      assertThat(epB.path("IPAMConfig").path("IPv6Address").asText()).isEqualTo("fd1b:6161::99");
      // User networks leave the deprecated top-level fields empty, as dockerd does.
      assertThat(docker.inspect(a).path("NetworkSettings").path("GlobalIPv6Address").asText()).isEmpty();

      JsonNode listed = docker.json("network", "inspect", "dual161").get(0).path("Containers");
      assertThat(listed.path(b).path("IPv6Address").asText()).isEqualTo("fd1b:6161::99/64");
      assertThat(listed.path(a).path("IPv6Address").asText()).isEqualTo(a6 + "/64");

      assertThat(docker.ok("exec", a, "ip", "-6", "addr", "show", "dev", "eth0").stdout()).contains("inet6 " + a6 + "/64");
      assertThat(docker.ok("exec", a, "ip", "-6", "route").stdout()).contains("default via fd1b:6161::fe");
      assertThat(docker.ok("exec", a, "ping", "-6", "-c", "1", "-W", "5", "fd1b:6161::99").stdout()).contains("1 packets received");

      String hosts = docker.ok("exec", a, "cat", "/etc/hosts").stdout();
      assertThat(hosts).contains(ep.path("IPAddress").asText() + "\t" + a.substring(0, 12))
          .contains(a6 + "\t" + a.substring(0, 12));

      // The embedded DNS: AAAA for names and aliases, A unchanged.
      assertThat(docker.ok("exec", a, "nslookup", "-type=AAAA", "bee", "127.0.0.11").stdout()).contains("fd1b:6161::99");
      assertThat(docker.ok("exec", a, "nslookup", "-type=AAAA", "v6b", "127.0.0.11").stdout()).contains("fd1b:6161::99");
      String aRecord = docker.ok("exec", a, "nslookup", "-type=A", "v6b", "127.0.0.11").stdout();
      assertThat(aRecord).contains(epB.path("IPAddress").asText()).doesNotContain("fd1b:6161::99");
      assertThat(docker.ok("exec", b, "ping", "-6", "-c", "1", "-W", "5", "v6a").stdout()).contains("1 packets received");
    } finally {
      for (var c : containers) {
        docker.run("rm", "-f", c);
      }
    }
    // Every address, lease and ip6tables rule of the containers is gone with them.
    var after = Await.value(T, "host state as before the containers", () -> {
      var now = HostSnapshot.of("br-" + id.substring(0, 12), "10.231.161.", "fd1b:6161:", "berth-" + id.substring(0, 12),
          daemon.dataRoot());
      return now.equals(before) ? java.util.Optional.of(now) : java.util.Optional.<HostSnapshot>empty();
    });
    assertThat(after).isEqualTo(before);
    docker.ok("network", "rm", "dual161");
    assertThat(HostSnapshot.run("ip", "link", "show", "br-" + id.substring(0, 12))).contains("does not exist");
    assertThat(HostSnapshot.run("ip6tables-save")).doesNotContain("fd1b:6161:").doesNotContain("berth-" + id.substring(0, 12));
  }

  @Test
  void ip6OnConnectAndIpv6WithoutASubnetOrWithBadInputGetDockerdsErrors(BerthDaemon daemon, RawHttp http) {
    daemon.ensureBusybox();
    Docker docker = daemon.docker();
    docker.ok("network", "create", "--ipv6", "--subnet", "fd1b:6162::/64", "only6");
    String c = docker.ok("run", "-d", "busybox", "sleep", "300").stdout();
    try {
      // moby 25 gives an IPv6-only request an IPv4 pool as well.
      JsonNode configs = docker.json("network", "inspect", "only6").get(0).path("IPAM").path("Config");
      assertThat(configs.size()).isEqualTo(2);
      assertThat(configs.get(0).path("Subnet").asText()).matches("[0-9.]+/\\d+");
      assertThat(configs.get(1).path("Subnet").asText()).isEqualTo("fd1b:6162::/64");

      docker.ok("network", "connect", "--ip6", "fd1b:6162::77", "only6", c);
      JsonNode ep = docker.inspect(c).path("NetworkSettings").path("Networks").path("only6");
      assertThat(ep.path("GlobalIPv6Address").asText()).isEqualTo("fd1b:6162::77");
      assertThat(docker.ok("exec", c, "ip", "-6", "addr", "show", "dev", "eth1").stdout()).contains("fd1b:6162::77/64");
      Docker.Result outside = docker.run("network", "connect", "--ip6", "fd1b:6163::7", "only6",
          docker.ok("create", "busybox", "true").stdout());
      assertThat(outside.err()).contains("no configured subnet or ip-range contain the IP address fd1b:6163::7");
      docker.ok("network", "disconnect", "only6", c);

      Docker.Result noSubnet = docker.run("network", "create", "--ipv6", "nov6");
      assertThat(noSubnet.exitCode()).isNotZero();
      assertThat(noSubnet.err()).contains("could not find an available, non-overlapping IPv6 address pool among the "
          + "defaults to assign to the network");
      assertThat(http.postJson("/v1.44/networks/create", """
          {"Name":"bad6","EnableIPv6":true,"IPAM":{"Config":[{"Subnet":"fd1b:zzzz::/64"}]}}""").message())
          .isEqualTo("Invalid subnet fd1b:zzzz::/64 : invalid CIDR address: fd1b:zzzz::/64");
      var overlap = http.postJson("/v1.44/networks/create", """
          {"Name":"bad6","EnableIPv6":true,"IPAM":{"Config":[{"Subnet":"fd1b:6162::/48"}]}}""");
      assertThat(overlap.status()).isEqualTo(403);
      assertThat(overlap.message()).isEqualTo("invalid pool request: Pool overlaps with other one on this address space");
      var gateway = http.postJson("/v1.44/networks/create", """
          {"Name":"bad6","EnableIPv6":true,"IPAM":{"Config":[{"Subnet":"fd1b:6164::/64","Gateway":"fd1b:6165::1"}]}}""");
      assertThat(gateway.status()).isEqualTo(403);
      assertThat(gateway.message()).isEqualTo("no matching subnet for gateway fd1b:6165::1");
      var two = http.postJson("/v1.44/networks/create", """
          {"Name":"bad6","EnableIPv6":true,"IPAM":{"Config":[{"Subnet":"fd1b:6166::/64"},{"Subnet":"fd1b:6167::/64"}]}}""");
      assertThat(two.message()).isEqualTo("bridge driver doesn't support multiple subnets");
      assertThat(docker.ok("network", "ls", "-q", "--filter", "name=bad6").stdout()).isEmpty();
      assertThat(docker.ok("network", "ls", "-q", "--filter", "name=nov6").stdout()).isEmpty();
      // Without --ipv6 an IPv6 subnet is kept for inspect and not used (dockerd).
      docker.ok("network", "create", "--subnet", "fd1b:6168::/64", "off6");
      JsonNode off = docker.json("network", "inspect", "off6").get(0);
      assertThat(off.path("EnableIPv6").asBoolean()).isFalse();
      assertThat(off.path("IPAM").path("Config").get(1).path("Subnet").asText()).isEqualTo("fd1b:6168::/64");
      String v4only = docker.ok("run", "-d", "--network", "off6", "busybox", "sleep", "60").stdout();
      assertThat(docker.inspect(v4only).path("NetworkSettings").path("Networks").path("off6")
          .path("GlobalIPv6Address").asText()).isEmpty();
      docker.ok("rm", "-f", v4only);
      docker.ok("network", "rm", "off6");
    } finally {
      docker.run("rm", "-f", c);
      docker.run("container", "prune", "-f");
      docker.run("network", "rm", "only6");
    }
  }

  @Test
  void publishedPortsAreReportedOnColonColonAndReachableOnIpv6Loopback(BerthDaemon daemon) {
    daemon.ensureBusybox();
    Docker docker = daemon.docker();
    docker.ok("network", "create", "--ipv6", "--subnet", "10.231.169.0/24", "--subnet", "fd1b:6169::/64", "pub169");
    var args = new ArrayList<>(List.of("run", "-d", "--network", "pub169", "-p", "38461:80", "-p", "127.0.0.1:38462:80"));
    args.addAll(List.of(HTTPD));
    String id = docker.ok(args.toArray(String[]::new)).stdout();
    try {
      assertThat(docker.ok("port", id, "80/tcp").out().lines().toList())
          .containsExactlyInAnyOrder("0.0.0.0:38461", "[::]:38461", "127.0.0.1:38462");
      JsonNode ports = docker.inspect(id).path("NetworkSettings").path("Ports").path("80/tcp");
      assertThat(ports.size()).isEqualTo(3);
      assertThat(docker.ok("ps", "--filter", "id=" + id, "--format", "{{.Ports}}").stdout())
          .contains("0.0.0.0:38461->80/tcp").contains("[::]:38461->80/tcp").contains("127.0.0.1:38462->80/tcp");
      assertThat(BridgeIT.get("::1", 38461)).contains("hello");
      assertThat(BridgeIT.get("127.0.0.1", 38461)).contains("hello");
    } finally {
      docker.ok("rm", "-f", id);
      docker.ok("network", "rm", "pub169");
    }
  }

  @Test
  void daemonIpv6AndFixedCidrV6GiveTheDefaultBridgeIpv6AndPoolsGiveNetworksOne(Daemons daemons) throws Exception {
    BerthDaemon refused = daemons.create();
    var refusal = refused.runExpectingRefusal(List.of("--ipv6"));
    assertThat(refusal.exitCode()).isNotZero();
    assertThat(refusal.output()).contains("IPv6 is enabled for the default bridge, but no subnet is configured. "
        + "Specify an IPv6 subnet using --fixed-cidr-v6");

    var config = refused.dir().resolve("ipv6-daemon.json");
    Files.writeString(config, """
        {"ipv6": true, "fixed-cidr-v6": "fd1b:6170::/64", "ip6tables": true,
         "default-address-pools": [{"base": "10.231.171.0/24", "size": 24}, {"base": "fd1b:6171::/48", "size": 64}]}
        """);
    BerthDaemon d = daemons.start("--bip", "10.231.170.1/24", "--config-file", config.toString()).ensureBusybox();
    Docker docker = d.docker();
    JsonNode bridge = docker.json("network", "inspect", "bridge").get(0);
    assertThat(bridge.path("EnableIPv6").asBoolean()).isTrue();
    assertThat(bridge.path("IPAM").path("Config").get(1).path("Subnet").asText()).isEqualTo("fd1b:6170::/64");
    String id = docker.ok("run", "-d", "busybox", "sleep", "300").stdout();
    try {
      JsonNode ns = docker.inspect(id).path("NetworkSettings");
      assertThat(ns.path("GlobalIPv6Address").asText()).startsWith("fd1b:6170::");
      assertThat(ns.path("GlobalIPv6PrefixLen").asInt()).isEqualTo(64);
      assertThat(ns.path("IPv6Gateway").asText()).isEqualTo("fd1b:6170::1");
      assertThat(ns.path("Networks").path("bridge").path("GlobalIPv6Address").asText())
          .isEqualTo(ns.path("GlobalIPv6Address").asText());
      assertThat(docker.ok("exec", id, "ping", "-6", "-c", "1", "-W", "5", "fd1b:6170::1").stdout())
          .contains("1 packets received");

      docker.ok("network", "create", "--ipv6", "pooled");
      JsonNode pooled = docker.json("network", "inspect", "pooled").get(0).path("IPAM").path("Config");
      assertThat(pooled.get(0).path("Subnet").asText()).isEqualTo("10.231.171.0/24");
      assertThat(pooled.get(1).path("Subnet").asText()).isEqualTo("fd1b:6171::/64");
      assertThat(pooled.get(1).path("Gateway").asText()).isEqualTo("fd1b:6171::1");
      docker.ok("network", "rm", "pooled");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void theStartUpScanAfterACrashRemovesIpv6RulesAndLeases(Daemons daemons) throws Exception {
    BerthDaemon d = daemons.start().ensureBusybox();
    Docker docker = d.docker();
    String id12 = docker.ok("network", "create", "--ipv6", "--subnet", "10.231.172.0/24", "--subnet", "fd1b:6172::/64",
        "crash172").stdout().substring(0, 12);
    try {
      var before = snapshot(d, id12);
      var ids = new ArrayList<String>();
      for (int i = 0; i < 2; i++) {
        ids.add(docker.ok("run", "-d", "--network", "crash172", "-p", "80", "busybox", "sleep", "300").stdout());
      }
      assertThat(HostSnapshot.run("ip6tables-save", "-t", "nat")).contains("fd1b:6172::");
      CrashScanIT.crash(d, ids);
      d.start();
      CrashScanIT.awaitAsBefore(d, ids, () -> snapshot(d, id12), before);
    } finally {
      docker.run("network", "rm", "crash172");
    }
  }

  private static List<Object> snapshot(BerthDaemon d, String networkId12) {
    var netns = d.execRoot().resolve("netns").toFile().list();
    return List.of(HostSnapshot.of("br-" + networkId12, "10.231.172.", "fd1b:6172:", "berth-" + networkId12, d.dataRoot()),
        netns == null ? List.of() : List.of(netns));
  }
}
