package dev.berth.it.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.Forbidden;
import dev.berth.engine.network.NetworkCreateRequest;
import dev.berth.engine.network.NetworkOptions;
import dev.berth.engine.network.NetworkRequest;
import dev.berth.engine.network.NetworkService;
import dev.berth.engine.network.NetworkSetup;
import dev.berth.model.Filters;
import dev.berth.model.HostConfig;
import dev.berth.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the network service in-process against the real CNI plugins, iptables and ip (root only):
 * namespaces, addresses, published ports through DNAT and the userland proxy, and that everything
 * made is removed again.
 */
class NetworkServiceIT {
  @TempDir Path tmp;
  private NetworkService service;
  private final List<Process> servers = new ArrayList<>();

  @BeforeEach
  void startService() {
    service = new NetworkService(NetworkOptions.defaults(tmp.resolve("data"), tmp.resolve("exec")));
    service.start();
  }

  @AfterEach
  void stopService() {
    servers.forEach(Process::destroyForcibly);
    service.prune(Filters.none());
    service.close();
    for (var n : service.list(Filters.none())) {
      if (n.get("Options") instanceof Map<?, ?> o && "true".equals(o.get("com.docker.network.bridge.default_bridge"))) {
        run("ip", "link", "del", String.valueOf(o.get("com.docker.network.bridge.name")));
      }
    }
  }

  @Test
  void defaultBridgeGivesAddressAndPublishedPortReachableOnLoopback() throws Exception {
    var id = randomId();
    var setup = setUp(id, "{\"NetworkMode\":\"default\",\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"\"}]}}",
        Map.of(), Map.of("80/tcp", Map.of()));
    try {
      var settings = setup.networkSettings();
      assertThat((String) settings.get("IPAddress")).isNotEmpty();
      assertThat(settings.get("IPPrefixLen")).isEqualTo(16);
      assertThat(setup.netnsPath()).isEqualTo(tmp.resolve("exec/netns/" + id).toString());
      var inNs = run("nsenter", "--net=" + setup.netnsPath(), "ip", "-o", "-4", "addr", "show", "eth0");
      assertThat(inNs).contains((String) settings.get("IPAddress"));
      assertThat(run("nsenter", "--net=" + setup.netnsPath(), "ip", "route")).contains("default via " + settings.get("Gateway"));
      @SuppressWarnings("unchecked")
      var bindings = (List<Map<String, String>>) ((Map<String, Object>) settings.get("Ports")).get("80/tcp");
      int hostPort = Integer.parseInt(bindings.getFirst().get("HostPort"));
      assertThat(hostPort).isPositive();

      var www = Files.createDirectories(tmp.resolve("www"));
      Files.writeString(www.resolve("index.html"), "hello from the container\n");
      servers.add(new ProcessBuilder("nsenter", "--net=" + setup.netnsPath(), "busybox", "httpd", "-f", "-p", "80", "-h",
          www.toString()).redirectErrorStream(true).start());
      assertThat(httpGet("127.0.0.1", hostPort)).contains("hello from the container");
      assertThat(httpGet((String) settings.get("IPAddress"), 80)).contains("hello from the container");
    } finally {
      service.containerNetworking().tearDown(id);
    }
    assertThat(Files.exists(Path.of(setup.netnsPath()))).isFalse();
  }

  @Test
  void userNetworkCyclesLeaveLinksRulesAndLeasesAsBefore() throws Exception {
    var created = service.create(request("{\"Name\":\"cycles\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.231.7.0/24\"}]}}"));
    var id12 = ((String) created.get("Id")).substring(0, 12);
    var bridge = "br-" + id12;
    var before = HostSnapshot.of(bridge, "10.231.7.", "berth-" + id12, tmp.resolve("data"));
    assertThat(before.links()).hasSize(1);
    var ids = new ArrayList<String>();
    for (int i = 0; i < 100; i++) {
      var id = randomId();
      ids.add(id);
      setUp(id, "{\"NetworkMode\":\"cycles\",\"PortBindings\":{\"81/tcp\":[{\"HostPort\":\"\"}]}}", Map.of(), Map.of());
      if (i == 0) {
        assertThat(HostSnapshot.of(bridge, "10.231.7.", "berth-" + id12, tmp.resolve("data"))).isNotEqualTo(before);
      }
      service.containerNetworking().tearDown(id);
    }
    // The kernel reports the empty bridge's lost carrier asynchronously (linkwatch): poll.
    var deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (!HostSnapshot.of(bridge, "10.231.7.", "berth-" + id12, tmp.resolve("data")).equals(before)
        && Instant.now().isBefore(deadline)) {
      Thread.onSpinWait();
    }
    assertThat(HostSnapshot.of(bridge, "10.231.7.", "berth-" + id12, tmp.resolve("data"))).isEqualTo(before);
    assertThat(run("iptables-save")).doesNotContain(ids.getFirst()).doesNotContain(ids.getLast());
    assertThat(tmp.resolve("exec/netns").toFile().list()).isEmpty();
    service.remove("cycles");
    assertThat(run("ip", "-o", "link")).doesNotContain(bridge);
  }

  @Test
  void aHostPortTakenByAnotherContainerGivesDockerdsError() {
    var first = randomId();
    var second = randomId();
    var binding = "{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"38080\"}]}}";
    setUp(first, binding, Map.of(), Map.of());
    try {
      assertThatThrownBy(() -> setUp(second, binding, Map.of(), Map.of()))
          .hasMessageStartingWith("driver failed programming external connectivity on endpoint c-" + second.substring(0, 6))
          .hasMessageEndingWith("Bind for 0.0.0.0:38080 failed: port is already allocated");
      assertThat(Files.exists(tmp.resolve("exec/netns/" + second))).isFalse();
    } finally {
      service.containerNetworking().tearDown(first);
    }
    // Freed when the first container stops.
    setUp(second, binding, Map.of(), Map.of());
    service.containerNetworking().tearDown(second);
  }

  @Test
  void connectAndDisconnectARunningContainer() {
    service.create(request("{\"Name\":\"extra\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.231.9.0/24\"}]}}"));
    var id = randomId();
    var setup = setUp(id, "{}", Map.of(), Map.of());
    try {
      service.connect("extra", id.substring(0, 10), Map.of("IPAMConfig", Map.of("IPv4Address", "10.231.9.77"), "Aliases", List.of("db")));
      var settings = service.containerNetworking().settings(id).orElseThrow();
      @SuppressWarnings("unchecked")
      var networks = (Map<String, Map<String, Object>>) settings.get("Networks");
      assertThat(networks).containsOnlyKeys("bridge", "extra");
      assertThat(networks.get("extra")).containsEntry("IPAddress", "10.231.9.77")
          .containsEntry("Aliases", List.of("db", id.substring(0, 12)));
      assertThat(run("nsenter", "--net=" + setup.netnsPath(), "ip", "-o", "-4", "addr", "show", "eth1")).contains("10.231.9.77/24");
      assertThatThrownBy(() -> service.connect("extra", id, Map.of())).isInstanceOf(Forbidden.class);
      service.disconnect("extra", id);
      assertThat(run("nsenter", "--net=" + setup.netnsPath(), "ip", "-o", "link")).doesNotContain("eth1");
      service.remove("extra");
    } finally {
      service.containerNetworking().tearDown(id);
    }
  }

  @Test
  void embeddedDnsAnswersContainerNamesAndAliasesOnTheNetwork() {
    service.create(request("{\"Name\":\"dnsnet\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.231.11.0/24\"}]}}"));
    var server = randomId();
    var client = randomId();
    var serverSetup = setUp(server, "{\"NetworkMode\":\"dnsnet\"}", Map.of("dnsnet", Map.of("Aliases", List.of("db"))), Map.of());
    var clientSetup = setUp(client, "{\"NetworkMode\":\"dnsnet\"}", Map.of(), Map.of());
    try {
      assertThat(clientSetup.internalResolver()).isTrue();
      @SuppressWarnings("unchecked")
      var ip = (String) ((Map<String, Map<String, Object>>) serverSetup.networkSettings().get("Networks")).get("dnsnet").get("IPAddress");
      for (var name : List.of("c-" + server.substring(0, 6), "db", server.substring(0, 12))) {
        var out = run("nsenter", "--net=" + clientSetup.netnsPath(), "busybox", "nslookup", name, "127.0.0.11");
        assertThat(out).as(name).contains(ip);
      }
    } finally {
      service.containerNetworking().tearDown(client);
      service.containerNetworking().tearDown(server);
    }
  }

  @Test
  void aRestartKeepsLiveEndpointsWithTheirPortsAndUndoesDeadOnes() throws Exception {
    var live = randomId();
    var dead = randomId();
    var liveSetup = setUp(live, "{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"38383\"}]}}", Map.of(), Map.of());
    setUp(dead, "{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"38384\"}]}}", Map.of(), Map.of());
    // Daemon stops (live-restore) and the dead container's namespace vanishes, as after its host rebooted.
    service.close();
    run("umount", tmp.resolve("exec/netns/" + dead).toString());
    service = new NetworkService(NetworkOptions.defaults(tmp.resolve("data"), tmp.resolve("exec")));
    service.start();
    try {
      var www = Files.createDirectories(tmp.resolve("www2"));
      Files.writeString(www.resolve("index.html"), "still here\n");
      servers.add(new ProcessBuilder("nsenter", "--net=" + liveSetup.netnsPath(), "busybox", "httpd", "-f", "-p", "80", "-h",
          www.toString()).redirectErrorStream(true).start());
      assertThat(httpGet("127.0.0.1", 38383)).contains("still here");
      assertThat(service.containerNetworking().settings(dead)).isEmpty();
      assertThat(run("iptables-save")).doesNotContain(dead).contains(live);
      assertThat(leaseOwners()).contains(live).doesNotContain(dead);
    } finally {
      service.containerNetworking().tearDown(live);
    }
  }

  @Test
  void aRequestedMacAddressIsUsed() {
    var id = randomId();
    var setup = setUp(id, "{\"NetworkMode\":\"default\"}", Map.of("default", Map.of("MacAddress", "02:42:AC:11:00:99")), Map.of());
    try {
      assertThat(setup.networkSettings()).containsEntry("MacAddress", "02:42:ac:11:00:99");
      assertThat(run("nsenter", "--net=" + setup.netnsPath(), "ip", "-o", "link", "show", "eth0")).contains("02:42:ac:11:00:99");
    } finally {
      service.containerNetworking().tearDown(id);
    }
  }

  @Test
  void macvlanNetworkOnAVethParent() {
    // A veth pair of our own as the parent (this kernel has no dummy links): traffic stays on it.
    run("ip", "link", "add", "bvlan0", "type", "veth", "peer", "name", "bvlan1");
    run("ip", "link", "set", "bvlan0", "up");
    run("ip", "link", "set", "bvlan1", "up");
    try {
      var subnet = 13;
      // ipvlan goes the same way; this kernel lacks the ipvlan module ("operation not supported").
      for (var driver : List.of("macvlan")) {
        var name = driver + "net";
        service.create(request("{\"Name\":\"" + name + "\",\"Driver\":\"" + driver + "\",\"Options\":{\"parent\":\"bvlan0\"},"
            + "\"IPAM\":{\"Config\":[{\"Subnet\":\"10.231." + subnet + ".0/24\"}]}}"));
        var a = randomId();
        var b = randomId();
        var sa = setUp(a, "{\"NetworkMode\":\"" + name + "\"}", Map.of(), Map.of());
        var sb = setUp(b, "{\"NetworkMode\":\"" + name + "\"}", Map.of(), Map.of());
        try {
          @SuppressWarnings("unchecked")
          var ipB = (String) ((Map<String, Map<String, Object>>) sb.networkSettings().get("Networks")).get(name).get("IPAddress");
          assertThat(ipB).startsWith("10.231." + subnet + ".");
          assertThat(run("nsenter", "--net=" + sa.netnsPath(), "ip", "-o", "-d", "link", "show", "eth0")).contains(driver);
          assertThat(run("nsenter", "--net=" + sa.netnsPath(), "busybox", "ping", "-c", "1", "-W", "3", ipB)).contains("1 packets received");
        } finally {
          service.containerNetworking().tearDown(a);
          service.containerNetworking().tearDown(b);
        }
        service.remove(name);
        subnet++;
      }
      assertThatThrownBy(() -> service.create(request("{\"Name\":\"x\",\"Driver\":\"macvlan\",\"Options\":{\"parent\":\"nosuch0\"}}")))
          .hasMessage("-o parent interface was not found on the host: nosuch0");
    } finally {
      run("ip", "link", "del", "bvlan0");
    }
  }

  @Test
  void removingANetworkInUseIsForbiddenWithDockerdsText() {
    service.create(request("{\"Name\":\"busy\"}"));
    var id = randomId();
    setUp(id, "{\"NetworkMode\":\"busy\"}", Map.of("busy", Map.of("Aliases", List.of("web"))), Map.of());
    try {
      assertThatThrownBy(() -> service.remove("busy"))
          .isInstanceOf(Forbidden.class)
          .hasMessageStartingWith("error while removing network: network busy has active endpoints (name:\"c-");
      @SuppressWarnings("unchecked")
      var containers = (Map<String, Object>) service.inspect("busy").get("Containers");
      assertThat(containers).containsKey(id);
    } finally {
      service.containerNetworking().tearDown(id);
    }
    service.remove("busy");
  }

  private NetworkSetup setUp(String id, String hostConfigJson, Map<String, Object> endpoints, Map<String, Object> exposed) {
    HostConfig hc;
    try {
      hc = Json.mapper().readValue(hostConfigJson, HostConfig.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    // What the container service does: the networks are fixed at create (the NetworkMode's, or the
    // EndpointsConfig's) and the start joins exactly those.
    var networks = service.containerNetworking().networksAtCreate(hc.networkMode(), endpoints);
    return service.containerNetworking().setUp(new NetworkRequest(id, "/c-" + id.substring(0, 6), id.substring(0, 12), hc,
        networks, exposed, List.of()));
  }

  private static NetworkCreateRequest request(String json) {
    try {
      return Json.mapper().readValue(json, NetworkCreateRequest.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String leaseOwners() {
    try (var files = Files.walk(tmp.resolve("data/network/ipam"))) {
      var owners = new StringBuilder();
      for (var f : files.filter(p -> p.getFileName().toString().matches("[0-9.]+")).toList()) {
        owners.append(Files.readString(f)).append('\n');
      }
      return owners.toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String httpGet(String host, int port) throws Exception {
    var deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (true) {
      try (var socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), 2000);
        socket.setSoTimeout(5000);
        socket.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        var body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (!body.isEmpty()) {
          return body;
        }
      } catch (IOException e) {
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IOException("no reply from " + host + ":" + port);
      }
      Thread.onSpinWait();
    }
  }

  private static String run(String... argv) {
    try {
      var p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String randomId() {
    var bytes = new byte[32];
    new Random().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
