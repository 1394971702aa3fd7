package dev.berth.it.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker network create / ls / inspect / rm / prune through the real CLI, with dockerd's texts. */
@BerthTest
class NetworksIT {

  @Test
  void predefinedNetworksExist(Docker docker) {
    var names = docker.jsonLines("network", "ls", "--format", "{{json .}}").stream()
        .map(n -> n.path("Name").asText() + "/" + n.path("Driver").asText()).toList();
    assertThat(names).contains("bridge/bridge", "host/host", "none/null");
    JsonNode bridge = docker.json("network", "inspect", "bridge").get(0);
    assertThat(bridge.path("Options").path("com.docker.network.bridge.default_bridge").asText()).isEqualTo("true");
    assertThat(bridge.path("IPAM").path("Config").get(0).path("Subnet").asText()).matches("[0-9.]+/\\d+");
  }

  @Test
  void createInspectAndRemoveWithEveryOption(Docker docker) {
    String id = docker.ok("network", "create", "--subnet", "10.231.40.0/24", "--gateway", "10.231.40.254",
        "--ip-range", "10.231.40.128/25", "--internal", "--attachable", "--label", "team=net",
        "-o", "com.docker.network.bridge.name=brit40", "-o", "com.docker.network.driver.mtu=1400", "opts").stdout();
    try {
      assertThat(id).matches("[0-9a-f]{64}");
      JsonNode n = docker.json("network", "inspect", "opts").get(0);
      assertThat(n.path("Id").asText()).isEqualTo(id);
      assertThat(n.path("Driver").asText()).isEqualTo("bridge");
      assertThat(n.path("Scope").asText()).isEqualTo("local");
      assertThat(n.path("Internal").asBoolean()).isTrue();
      assertThat(n.path("Attachable").asBoolean()).isTrue();
      assertThat(n.path("Labels").path("team").asText()).isEqualTo("net");
      JsonNode pool = n.path("IPAM").path("Config").get(0);
      assertThat(pool.path("Subnet").asText()).isEqualTo("10.231.40.0/24");
      assertThat(pool.path("Gateway").asText()).isEqualTo("10.231.40.254");
      assertThat(pool.path("IPRange").asText()).isEqualTo("10.231.40.128/25");
      assertThat(n.path("Options").path("com.docker.network.driver.mtu").asText()).isEqualTo("1400");
      assertThat(n.path("Containers").isObject()).isTrue();
      assertThat(ipLink("brit40")).contains("mtu 1400");
      // Short id prefix works too.
      assertThat(docker.json("network", "inspect", id.substring(0, 8)).get(0).path("Name").asText()).isEqualTo("opts");
    } finally {
      docker.ok("network", "rm", "opts");
    }
    assertThat(ipLink("brit40")).contains("does not exist");
  }

  @Test
  void automaticSubnetsNeverOverlap(Docker docker) {
    docker.ok("network", "create", "auto1");
    docker.ok("network", "create", "auto2");
    try {
      var a = docker.json("network", "inspect", "auto1").get(0).path("IPAM").path("Config").get(0).path("Subnet").asText();
      var b = docker.json("network", "inspect", "auto2").get(0).path("IPAM").path("Config").get(0).path("Subnet").asText();
      var bridge = docker.json("network", "inspect", "bridge").get(0).path("IPAM").path("Config").get(0).path("Subnet").asText();
      assertThat(List.of(a, b, bridge)).doesNotHaveDuplicates();
    } finally {
      docker.ok("network", "rm", "auto1", "auto2");
    }
  }

  @Test
  void errorsAreDockerds(Docker docker) {
    docker.ok("network", "create", "dup");
    try {
      Docker.Result again = docker.run("network", "create", "dup");
      assertThat(again.exitCode()).isNotZero();
      assertThat(again.err()).contains("Error response from daemon: network with name dup already exists");
    } finally {
      docker.ok("network", "rm", "dup");
    }
    assertThat(docker.run("network", "rm", "bridge").err())
        .contains("Error response from daemon: bridge is a pre-defined network and cannot be removed");
    assertThat(docker.run("network", "inspect", "nosuchnet").err()).contains("network nosuchnet not found");
    assertThat(docker.run("network", "rm", "nosuchnet").err()).contains("network nosuchnet not found");
    assertThat(docker.run("network", "create", "--subnet", "10.231.218.0/33", "bad").err())
        .contains("Error response from daemon: Invalid subnet 10.231.218.0/33 : invalid CIDR address: 10.231.218.0/33");
    assertThat(docker.run("network", "create", "--subnet", "10.231.218.0/24", "--subnet", "10.231.219.0/24", "bad").err())
        .contains("Error response from daemon: bridge driver doesn't support multiple subnets");
    assertThat(docker.run("network", "create", "-o", "com.docker.network.driver.mtu=abc", "bad").err())
        .contains("failed to parse com.docker.network.driver.mtu value: abc (strconv.Atoi: parsing \"abc\": invalid syntax)");
    assertThat(docker.run("network", "create", "-o", "com.docker.network.driver.mtu=-5", "bad").err())
        .contains("Error response from daemon: invalid MTU number: -5");
    assertThat(docker.ok("network", "ls", "-q", "--filter", "name=bad").stdout()).isEmpty();
    Docker.Result overlap = docker.run("network", "create", "--subnet", "10.231.41.0/24", "o1");
    assertThat(overlap.exitCode()).isZero();
    try {
      assertThat(docker.run("network", "create", "--subnet", "10.231.41.0/25", "o2").err())
          .contains("invalid pool request: Pool overlaps with other one on this address space");
    } finally {
      docker.ok("network", "rm", "o1");
    }
  }

  @Test
  void listFiltersAndPrune(Docker docker) {
    docker.ok("network", "create", "--label", "keep=no", "prune-me");
    docker.ok("network", "create", "--label", "keep=yes", "keep-me");
    try {
      assertThat(names(docker, "label=keep=no")).containsExactly("prune-me");
      assertThat(names(docker, "type=builtin")).contains("bridge", "host", "none").doesNotContain("keep-me");
      assertThat(names(docker, "driver=null")).containsExactly("none");
      assertThat(names(docker, "name=me")).contains("prune-me", "keep-me");
      assertThat(names(docker, "dangling=true")).contains("prune-me", "keep-me").doesNotContain("bridge");
      var pruned = docker.ok("network", "prune", "-f", "--filter", "label=keep=no").out();
      assertThat(pruned).contains("prune-me").doesNotContain("keep-me");
      assertThat(docker.run("network", "ls", "--filter", "bogus=1").err()).contains("invalid filter 'bogus'");
    } finally {
      docker.run("network", "rm", "keep-me");
      docker.run("network", "rm", "prune-me");
    }
  }

  private static List<String> names(Docker docker, String filter) {
    return docker.jsonLines("network", "ls", "--filter", filter, "--format", "{{json .}}").stream()
        .map(n -> n.path("Name").asText()).toList();
  }

  private static String ipLink(String name) {
    try {
      var p = new ProcessBuilder("ip", "-o", "link", "show", "dev", name).redirectErrorStream(true).start();
      var out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
