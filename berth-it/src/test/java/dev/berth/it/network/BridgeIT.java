package dev.berth.it.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Containers on the default bridge and on user-defined networks, through the real CLI: addresses,
 * published ports (DNAT and the userland proxy on 127.0.0.1), docker port, -P, port conflicts,
 * --ip, --network-alias, connect/disconnect. Traffic only to loopback and to these containers.
 */
@BerthTest
class BridgeIT {
  /** Serves "hello" on port 80 with busybox httpd. */
  private static final String[] HTTPD = {"busybox", "sh", "-c",
      "echo hello > /tmp/index.html && exec busybox httpd -f -p 80 -h /tmp"};

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  @Test
  void defaultBridgeGivesAddressGatewayAndMac(Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sh", "-c", "ip -o -4 addr show eth0; ip route; sleep 60").stdout();
    try {
      JsonNode ns = docker.inspect(id).path("NetworkSettings");
      String ip = ns.path("IPAddress").asText();
      assertThat(ip).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
      assertThat(ns.path("Gateway").asText()).isNotEmpty();
      assertThat(ns.path("MacAddress").asText()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
      assertThat(ns.path("SandboxKey").asText()).isNotEmpty();
      JsonNode bridge = ns.path("Networks").path("bridge");
      assertThat(bridge.path("IPAddress").asText()).isEqualTo(ip);
      assertThat(bridge.path("NetworkID").asText())
          .isEqualTo(docker.json("network", "inspect", "bridge").get(0).path("Id").asText());
      Await.until(Duration.ofSeconds(10), "addresses in the log", () -> docker.ok("logs", id).out().contains("default via"));
      var log = docker.ok("logs", id).out();
      assertThat(log).contains(ip + "/" + ns.path("IPPrefixLen").asInt()).contains("default via " + ns.path("Gateway").asText());
      assertThat(docker.json("network", "inspect", "bridge").get(0).path("Containers").has(id)).isTrue();
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void publishedPortsReachTheContainerOnLoopback(Docker docker) throws Exception {
    String id = docker.ok(concat(new String[] {"run", "-d", "-p", "127.0.0.1::80", "-p", "38281:80"}, HTTPD)).stdout();
    try {
      var port = docker.ok("port", id, "80/tcp").out();
      assertThat(port).contains("0.0.0.0:38281").containsPattern("127\\.0\\.0\\.1:\\d+");
      int random = Integer.parseInt(port.lines().filter(l -> l.startsWith("127.0.0.1:")).findFirst().orElseThrow().split(":")[1]);
      assertThat(get("127.0.0.1", random)).contains("hello");
      assertThat(get("127.0.0.1", 38281)).contains("hello");
      JsonNode ports = docker.inspect(id).path("NetworkSettings").path("Ports").path("80/tcp");
      // On an IPv6 host dockerd (20.10+) reports the port on every address twice: 0.0.0.0 and ::.
      boolean ipv6 = java.nio.file.Files.exists(java.nio.file.Path.of("/proc/net/if_inet6"))
          && java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv6/conf/all/disable_ipv6")).strip().equals("0");
      assertThat(ports.size()).isEqualTo(ipv6 ? 3 : 2);
      // docker ps's PORTS column comes from the list's Ports.
      assertThat(docker.ok("ps", "--filter", "id=" + id, "--format", "{{.Ports}}").stdout())
          .contains("0.0.0.0:38281->80/tcp").contains("127.0.0.1:" + random + "->80/tcp");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void publishAllUsesEphemeralPortsForExposedPorts(Docker docker) throws Exception {
    String id = docker.ok(concat(new String[] {"run", "-d", "--expose", "80", "-P"}, HTTPD)).stdout();
    try {
      // The first line; an IPv6 host has a second one for [::] (dockerd 20.10+).
      var line = docker.ok("port", id).out().strip().lines().findFirst().orElseThrow();
      assertThat(line).startsWith("80/tcp -> 0.0.0.0:");
      int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
      assertThat(docker.ok("ps", "--filter", "id=" + id, "--format", "{{.Ports}}").stdout())
          .startsWith("0.0.0.0:" + port + "->80/tcp");
      assertThat(port).isBetween(1024, 65535);
      assertThat(get("127.0.0.1", port)).contains("hello");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void aTakenPortIsRefusedWithDockerdsTextAndFreedOnStop(Docker docker) {
    String first = docker.ok("run", "-d", "-p", "38282:80", "busybox", "sleep", "60").stdout();
    Docker.Result second = docker.run("run", "-d", "--name", "second-on-38282", "-p", "38282:80", "busybox", "sleep", "60");
    try {
      assertThat(second.exitCode()).isNotZero();
      assertThat(second.err()).contains("Bind for 0.0.0.0:38282 failed: port is already allocated");
      docker.ok("stop", "-t", "0", first);
      docker.ok("start", "second-on-38282");
    } finally {
      docker.run("rm", "-f", "second-on-38282");
      docker.ok("rm", "-f", first);
    }
  }

  @Test
  void userNetworkWithFixedIpAliasesAndContainerToContainerTraffic(Docker docker) throws Exception {
    docker.ok("network", "create", "--subnet", "10.231.50.0/24", "appnet");
    String web = docker.ok(concat(new String[] {"run", "-d", "--name", "web50", "--network", "appnet", "--ip", "10.231.50.50",
        "--network-alias", "www"}, HTTPD)).stdout();
    try {
      JsonNode ep = docker.inspect(web).path("NetworkSettings").path("Networks").path("appnet");
      assertThat(ep.path("IPAddress").asText()).isEqualTo("10.231.50.50");
      assertThat(ep.path("IPAMConfig").path("IPv4Address").asText()).isEqualTo("10.231.50.50");
      assertThat(ep.path("Aliases").toString()).contains("www");
      assertThat(ep.path("DNSNames").toString()).contains("web50").contains("www");
      // nc, not wget: Debian's busybox-static wget crashes (exit 139) whatever the network.
      Docker.Result fetch = docker.run("run", "--rm", "--network", "appnet", "busybox", "sh", "-c",
          "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc 10.231.50.50 80");
      assertThat(fetch.exitCode()).as(fetch.toString()).isZero();
      assertThat(fetch.out()).contains("hello");
      // The embedded DNS answers the container's name and alias on the network.
      for (var name : new String[] {"web50", "www"}) {
        Docker.Result lookup = docker.run("run", "--rm", "--network", "appnet", "busybox", "nslookup", name);
        assertThat(lookup.out()).as(lookup.toString()).contains("10.231.50.50");
      }
      Docker.Result rm = docker.run("network", "rm", "appnet");
      assertThat(rm.err()).contains("error while removing network: network appnet has active endpoints (name:\"web50\"");
    } finally {
      docker.ok("rm", "-f", web);
      docker.ok("network", "rm", "appnet");
    }
  }

  @Test
  void connectAndDisconnectARunningContainer(Docker docker) {
    docker.ok("network", "create", "--subnet", "10.231.51.0/24", "side");
    String id = docker.ok("run", "-d", "busybox", "sleep", "60").stdout();
    try {
      docker.ok("network", "connect", "--ip", "10.231.51.9", "--alias", "sider", "side", id);
      JsonNode nets = docker.inspect(id).path("NetworkSettings").path("Networks");
      assertThat(nets.has("bridge")).isTrue();
      assertThat(nets.path("side").path("IPAddress").asText()).isEqualTo("10.231.51.9");
      // As moby's sandbox: the new address is in /etc/hosts with the hostname, and goes with the network (moby 27+).
      String hostname = id.substring(0, 12);
      assertThat(docker.ok("exec", id, "cat", "/etc/hosts").out()).contains("10.231.51.9\t" + hostname + "\n");
      docker.ok("network", "disconnect", "side", id);
      assertThat(docker.inspect(id).path("NetworkSettings").path("Networks").has("side")).isFalse();
      var hosts = docker.ok("exec", id, "cat", "/etc/hosts").out();
      assertThat(hosts).doesNotContain("10.231.51.9")
          .contains(docker.inspect(id).path("NetworkSettings").path("IPAddress").asText() + "\t" + hostname + "\n");
    } finally {
      docker.ok("rm", "-f", id);
      docker.ok("network", "rm", "side");
    }
  }

  private static String[] concat(String[] a, String[] b) {
    var out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** HTTP GET /index.html, retried until the server answers (it starts after the container). */
  static String get(String host, int port) {
    return Await.value(Duration.ofSeconds(15), "HTTP reply from " + host + ":" + port, () -> {
      try (var s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 2000);
        s.setSoTimeout(5000);
        s.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        var reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return reply.contains("200") ? Optional.of(reply) : Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      }
    });
  }
}
