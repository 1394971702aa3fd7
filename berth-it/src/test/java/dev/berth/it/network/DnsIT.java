package dev.berth.it.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Name resolution as dockerd gives it, through the real CLI: the embedded DNS at 127.0.0.11 on
 * user-defined networks (names, aliases, short ids, link aliases; other names forwarded), resolv.conf
 * with {@code --dns*}, the default bridge's copy of the host's resolv.conf, {@code --add-host} with
 * host-gateway and legacy {@code --link}; the resolver a running container gets when it is connected
 * to a user-defined network. Only names that resolve locally (or at the test's resolver) are queried.
 */
@BerthTest
class DnsIT {
  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  @Test
  void userNetworkContainersUseTheEmbeddedResolverFor127_0_0_11(Docker docker) {
    docker.ok("network", "create", "--subnet", "10.231.70.0/24", "dns70");
    String web = docker.ok("run", "-d", "--name", "web70", "--network", "dns70", "--network-alias", "www70",
        "busybox", "sleep", "120").stdout();
    try {
      var ip = docker.inspect(web).path("NetworkSettings").path("Networks").path("dns70").path("IPAddress").asText();
      var conf = docker.ok("run", "--rm", "--network", "dns70", "busybox", "cat", "/etc/resolv.conf").out();
      assertThat(conf).contains("\nnameserver 127.0.0.11\n").contains("ndots:0").doesNotContainPattern("nameserver (?!127\\.0\\.0\\.11)");
      for (var name : new String[] {"web70", "www70", web.substring(0, 12), "WEB70"}) {
        var lookup = docker.run("run", "--rm", "--network", "dns70", "busybox", "nslookup", name);
        assertThat(lookup.out()).as(lookup.toString()).contains("Server:\t\t127.0.0.11").contains("Address: " + ip);
      }
      // The redirect lives in the container's own namespace, as dockerd's.
      var sandbox = docker.inspect(web).path("NetworkSettings").path("SandboxKey").asText();
      assertThat(HostSnapshot.run("nsenter", "--net=" + sandbox, "iptables-save", "-t", "nat"))
          .contains("-A DOCKER_OUTPUT -d 127.0.0.11/32 -p udp -m udp --dport 53 -j DNAT --to-destination 127.0.0.11:");
    } finally {
      docker.ok("rm", "-f", web);
      docker.ok("network", "rm", "dns70");
    }
  }

  @Test
  void theEmbeddedResolverComesBackAfterALiveRestoreRestart(dev.berth.it.Daemons daemons) {
    BerthDaemon d = daemons.start("--live-restore").ensureBusybox();
    Docker docker = d.docker();
    docker.ok("network", "create", "--subnet", "10.231.79.0/24", "dns79");
    String web = docker.ok("run", "-d", "--name", "web79", "--network", "dns79", "busybox", "sleep", "300").stdout();
    try {
      var ip = docker.inspect(web).path("NetworkSettings").path("Networks").path("dns79").path("IPAddress").asText();
      assertThat(docker.ok("exec", web, "nslookup", "web79").out()).contains("Address: " + ip);
      d.stop();
      d.start();
      var lookup = docker.run("exec", web, "nslookup", "web79");
      assertThat(lookup.out()).as(lookup.toString()).contains("Address: " + ip);
    } finally {
      docker.ok("rm", "-f", web);
      docker.ok("network", "rm", "dns79");
    }
  }

  @Test
  void otherNamesGoToTheUpstreamResolverAndDnsFlagsShapeResolvConf(Docker docker) throws Exception {
    docker.ok("network", "create", "--subnet", "10.231.71.0/24", "dns71");
    try (var upstream = FakeResolver.start("10.231.171.9")) {
      var lookup = docker.run("run", "--rm", "--network", "dns71", "--dns", upstream.address(), "busybox",
          "nslookup", "forwarded.berth.test");
      assertThat(lookup.out()).as(lookup.toString()).contains("Address: 10.231.171.9");
      var conf = docker.ok("run", "--rm", "--network", "dns71", "--dns", upstream.address(), "--dns-search", "corp.test",
          "--dns-option", "ndots:2", "busybox", "cat", "/etc/resolv.conf").out();
      assertThat(conf).contains("nameserver 127.0.0.11\nsearch corp.test\noptions ndots:2\n")
          .doesNotContain("nameserver " + upstream.address())
          .contains("# ExtServers: [host(" + upstream.address() + ")]");
    } finally {
      docker.ok("network", "rm", "dns71");
    }
  }

  @Test
  void defaultBridgeKeepsTheHostsResolversWithoutLocalhostOnes(Docker docker) {
    var conf = docker.ok("run", "--rm", "busybox", "cat", "/etc/resolv.conf").out();
    assertThat(conf).doesNotContain("127.0.0.11").doesNotContainPattern("nameserver 127\\.").contains("nameserver ");
    var withDns = docker.ok("run", "--rm", "--dns", "10.231.172.53", "busybox", "cat", "/etc/resolv.conf").out();
    assertThat(withDns).contains("nameserver 10.231.172.53\n");
  }

  @Test
  void addHostWithHostGatewayIsTheDefaultBridgeGateway(Docker docker) {
    var gateway = docker.json("network", "inspect", "bridge").get(0).path("IPAM").path("Config").get(0).path("Gateway").asText();
    var hosts = docker.ok("run", "--rm", "--add-host", "outside:host-gateway", "--add-host", "db.test:10.231.173.4",
        "busybox", "cat", "/etc/hosts").out();
    assertThat(hosts).contains(gateway + "\toutside\n").contains("10.231.173.4\tdb.test\n");
  }

  @Test
  void legacyLinksOnTheDefaultBridgeGiveHostsLinesAndVariables(Docker docker) {
    String web = docker.ok("run", "-d", "--name", "web74", "--expose", "8080", "-e", "SECRET=s3", "busybox",
        "sleep", "120").stdout();
    try {
      var ip = docker.inspect(web).path("NetworkSettings").path("IPAddress").asText();
      var out = docker.ok("run", "--rm", "--name", "client74", "--link", "web74:w", "busybox", "sh", "-c",
          "cat /etc/hosts; env").out();
      assertThat(out).contains(ip + "\tw " + web.substring(0, 12) + " web74\n")
          .contains("W_PORT=tcp://" + ip + ":8080\n").contains("W_PORT_8080_TCP_ADDR=" + ip + "\n")
          .contains("W_PORT_8080_TCP_PROTO=tcp\n").contains("W_NAME=/client74/w\n").contains("W_ENV_SECRET=s3\n");
      var notRunning = docker.run("run", "--rm", "--link", "nosuch74:x", "busybox", "true");
      assertThat(notRunning.exitCode()).isNotZero();
    } finally {
      docker.ok("rm", "-f", web);
    }
  }

  @Test
  void linksOnUserNetworksAreAliasesOnlyTheLinkingContainerResolves(Docker docker) throws Exception {
    docker.ok("network", "create", "--subnet", "10.231.75.0/24", "dns75");
    String web = docker.ok("run", "-d", "--name", "web75", "--network", "dns75", "busybox", "sleep", "120").stdout();
    try (var upstream = FakeResolver.start("10.231.175.9")) {
      var ip = docker.inspect(web).path("NetworkSettings").path("Networks").path("dns75").path("IPAddress").asText();
      var linked = docker.run("run", "--rm", "--network", "dns75", "--link", "web75:backend", "busybox", "nslookup",
          "backend");
      assertThat(linked.out()).as(linked.toString()).contains("Address: " + ip);
      // Without the link the name is not a container's: it goes upstream (the test's resolver).
      var other = docker.run("run", "--rm", "--network", "dns75", "--dns", upstream.address(), "busybox", "nslookup",
          "backend");
      assertThat(other.out()).as(other.toString()).doesNotContain("Address: " + ip).contains("Address: 10.231.175.9");
    } finally {
      docker.ok("rm", "-f", web);
      docker.ok("network", "rm", "dns75");
    }
  }

  @Test
  void aDefaultBridgeContainerConnectedToAUserNetworkGetsTheEmbeddedResolverUntilItStops(Docker docker) throws Exception {
    docker.ok("network", "create", "--subnet", "10.231.144.0/24", "dns144");
    String srv = docker.ok("run", "-d", "--name", "srv144", "--network", "dns144", "busybox", "sleep", "300").stdout();
    try (var upstream = FakeResolver.start("10.231.176.9")) {
      String cli = docker.ok("run", "-d", "--name", "cli144", "--dns", upstream.address(), "busybox", "sleep", "300").stdout();
      try {
        assertThat(docker.ok("exec", cli, "cat", "/etc/resolv.conf").out()).doesNotContain("127.0.0.11");
        docker.ok("network", "connect", "dns144", "cli144");
        var conf = docker.ok("exec", cli, "cat", "/etc/resolv.conf").out();
        assertThat(conf).contains("\nnameserver 127.0.0.11\n").contains("ndots:0")
            .doesNotContain("nameserver " + upstream.address()).contains("# ExtServers: [host(" + upstream.address() + ")]");
        var ip = docker.inspect(srv).path("NetworkSettings").path("Networks").path("dns144").path("IPAddress").asText();
        var byName = docker.run("exec", cli, "nslookup", "srv144");
        assertThat(byName.out()).as(byName.toString()).contains("Server:\t\t127.0.0.11").contains("Address: " + ip);
        var forwarded = docker.run("exec", cli, "nslookup", "forwarded.berth.test");
        assertThat(forwarded.out()).as(forwarded.toString()).contains("Address: 10.231.176.9");

        // As moby: the disconnect leaves resolv.conf and the resolver; the network's names are gone.
        docker.ok("network", "disconnect", "dns144", "cli144");
        assertThat(docker.ok("exec", cli, "cat", "/etc/resolv.conf").out()).isEqualTo(conf);
        var gone = docker.run("exec", cli, "nslookup", "srv144");
        assertThat(gone.out()).as(gone.toString()).doesNotContain("Address: " + ip).contains("Address: 10.231.176.9");
        // The next start is on the default bridge only again: the host's way.
        docker.ok("restart", "-t", "0", cli);
        assertThat(docker.ok("exec", cli, "cat", "/etc/resolv.conf").out()).doesNotContain("127.0.0.11")
            .contains("nameserver " + upstream.address());
      } finally {
        docker.ok("rm", "-f", cli);
      }
    } finally {
      docker.ok("rm", "-f", srv);
      docker.ok("network", "rm", "dns144");
    }
  }
}
