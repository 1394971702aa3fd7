package dev.berth.it.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * moby's model of a container's networks: the network of its own {@code --network} is one of its
 * {@code NetworkSettings.Networks} from create on, {@code docker network disconnect} takes it off
 * (stopped or running), and a start joins exactly what is left — only loopback when nothing is.
 * Checked against dockerd 20.10 and moby 25's {@code daemon/container_operations.go}.
 */
@BerthTest
class OwnNetworkIT {
  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  @Test
  void aStoppedContainerLeavesTheDefaultBridgeAndStartsWithLoopbackOnlyThenOnTheNetworkConnected(Daemons daemons) {
    var daemon = daemons.start().ensureBusybox();
    var docker = daemon.docker();
    docker.ok("network", "create", "--subnet", "10.231.140.0/24", "own140");
    String id = docker.ok("create", "--name", "own140c", "busybox", "sleep", "300").stdout();
    assertThat(networks(docker, id)).containsExactly("bridge");

    docker.ok("network", "disconnect", "bridge", "own140c");
    assertThat(networks(docker, id)).isEmpty();
    assertThat(docker.inspect(id).path("HostConfig").path("NetworkMode").asText()).isEqualTo("default");
    assertThat(docker.run("network", "disconnect", "bridge", "own140c").err())
        .contains("container " + id + " is not connected to the network bridge");
    docker.ok("start", id);
    assertThat(interfaces(docker, id)).containsExactly("lo");
    assertThat(networks(docker, id)).isEmpty();

    docker.ok("stop", "-t", "0", id);
    docker.ok("network", "connect", "own140", "own140c");
    assertThat(networks(docker, id)).containsExactly("own140");
    docker.ok("start", id);
    assertThat(interfaces(docker, id)).containsExactly("eth0", "lo");
    assertThat(docker.ok("exec", id, "ip", "-o", "-4", "addr", "show", "eth0").out()).contains("10.231.140.");
    assertThat(networks(docker, id)).containsExactly("own140");

    // The networks are the container's record: a new daemon on the same data root starts it the same way.
    docker.ok("stop", "-t", "0", id);
    daemon.stop();
    daemon.start();
    assertThat(networks(docker, id)).containsExactly("own140");
    assertThat(docker.inspect(id).path("NetworkSettings").path("Networks").path("own140").path("IPAddress").asText()).isEmpty();
    docker.ok("start", id);
    assertThat(interfaces(docker, id)).containsExactly("eth0", "lo");
    assertThat(docker.json("network", "inspect", "bridge").get(0).path("Containers").has(id)).isFalse();
    docker.ok("rm", "-f", id);
    docker.ok("network", "rm", "own140");
  }

  @Test
  void aStoppedContainerLeavesItsUserNetworkAndARunningOneLeavesTheDefaultBridge(Docker docker) {
    docker.ok("network", "create", "--subnet", "10.231.141.0/24", "own141");
    String user = docker.ok("create", "--network", "own141", "busybox", "sleep", "300").stdout();
    String running = docker.ok("run", "-d", "busybox", "sleep", "300").stdout();
    try {
      docker.ok("network", "disconnect", "own141", user);
      assertThat(networks(docker, user)).isEmpty();
      assertThat(docker.inspect(user).path("HostConfig").path("NetworkMode").asText()).isEqualTo("own141");
      docker.ok("start", user);
      assertThat(interfaces(docker, user)).containsExactly("lo");
      assertThat(docker.json("network", "inspect", "own141").get(0).path("Containers").has(user)).isFalse();

      docker.ok("network", "disconnect", "bridge", running);
      assertThat(interfaces(docker, running)).containsExactly("lo");
      assertThat(networks(docker, running)).isEmpty();
      docker.ok("network", "connect", "own141", running);
      assertThat(networks(docker, running)).containsExactly("own141");
      assertThat(docker.ok("exec", running, "ip", "-o", "-4", "addr").out()).contains("10.231.141.");
      // What a running container was left on is what it starts on next time.
      docker.ok("restart", "-t", "0", running);
      assertThat(networks(docker, running)).containsExactly("own141");
      assertThat(docker.ok("exec", running, "ip", "-o", "-4", "addr").out()).contains("10.231.141.").doesNotContain("eth1");
    } finally {
      docker.ok("rm", "-f", user, running);
      docker.ok("network", "rm", "own141");
    }
  }

  @Test
  void hostAndNoneFollowMobysRules(Docker docker) {
    docker.ok("network", "create", "--subnet", "10.231.142.0/24", "own142");
    String host = docker.ok("run", "-d", "--network", "host", "busybox", "sleep", "300").stdout();
    String none = docker.ok("run", "-d", "--network", "none", "busybox", "sleep", "300").stdout();
    String plain = docker.ok("create", "busybox", "sleep", "300").stdout();
    try {
      assertThat(docker.run("network", "disconnect", "host", host).err())
          .contains("container cannot be disconnected from host network or connected to host network");
      assertThat(docker.run("network", "connect", "own142", host).err())
          .contains("container sharing network namespace with another container or host cannot be connected to any other network");
      assertThat(docker.run("network", "connect", "host", plain).err())
          .contains("container cannot be disconnected from host network or connected to host network");
      assertThat(docker.run("network", "connect", "none", plain).err())
          .contains("container cannot be connected to multiple networks with one of the networks in private (none) mode");
      assertThat(docker.run("network", "connect", "own142", none).err())
          .contains("container cannot be connected to multiple networks with one of the networks in private (none) mode");

      // Off none, a running container can join a user network.
      docker.ok("network", "disconnect", "none", none);
      assertThat(networks(docker, none)).isEmpty();
      docker.ok("network", "connect", "own142", none);
      assertThat(docker.ok("exec", none, "ip", "-o", "-4", "addr").out()).contains("10.231.142.");

      // A stopped host container may leave the host network; it still runs in the host's namespace.
      docker.ok("stop", "-t", "0", host);
      docker.ok("network", "disconnect", "host", host);
      assertThat(networks(docker, host)).isEmpty();
      docker.ok("start", host);
      assertThat(networks(docker, host)).isEmpty();
      assertThat(interfaces(docker, host)).contains("lo").hasSizeGreaterThan(1);
    } finally {
      docker.ok("rm", "-f", host, none, plain);
      docker.ok("network", "rm", "own142");
    }
  }

  @Test
  void aLinkToAMissingContainerIsRefusedAtCreate(Docker docker) {
    var created = docker.run("create", "--link", "missing143:x", "busybox", "true");
    assertThat(created.exitCode()).isNotZero();
    assertThat(created.err()).contains("Error response from daemon: could not get container for missing143: No such container: missing143");
    var run = docker.run("run", "--rm", "--link", "missing143:alias", "busybox", "true");
    assertThat(run.exitCode()).isEqualTo(125);
    assertThat(run.err()).contains("docker: Error response from daemon: could not get container for missing143: No such container: missing143");
    assertThat(docker.ok("ps", "-aq", "--filter", "status=created").stdout()).isEmpty();
    // On a user-defined network a link is a DNS alias only: moby does not look the container up.
    docker.ok("network", "create", "--subnet", "10.231.143.0/24", "own143");
    String id = docker.ok("create", "--network", "own143", "--link", "missing143:x", "busybox", "true").stdout();
    docker.ok("rm", id);
    docker.ok("network", "rm", "own143");
    String host = docker.ok("create", "--network", "host", "--name", "host143", "busybox", "true").stdout();
    assertThat(docker.run("create", "--link", "host143:h", "busybox", "true").err())
        .contains("conflicting options: host type networking can't be used with links. This would result in undefined behavior");
    docker.ok("rm", host);
  }

  @Test
  void aRecordFromBeforeTheModelStillJoinsItsOwnNetwork(Daemons daemons) throws Exception {
    var daemon = daemons.start().ensureBusybox();
    var docker = daemon.docker();
    docker.ok("network", "create", "--subnet", "10.231.141.0/24", "own141");
    docker.ok("network", "create", "--subnet", "10.231.142.0/24", "side142");
    String id = docker.ok("create", "--network", "own141", "busybox", "sleep", "300").stdout();
    docker.ok("network", "connect", "side142", id);
    daemon.stop();
    // Rewrite the record as older Berth wrote it: only the network connected besides the mode's, no marker.
    var file = daemon.dataRoot().resolve("containers").resolve(id).resolve("config.v2.json");
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var record = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(file.toFile());
    assertThat(record.remove("NetworksComplete")).isNotNull();
    ((com.fasterxml.jackson.databind.node.ObjectNode) record.get("EndpointsConfig")).remove("own141");
    mapper.writeValue(file.toFile(), record);
    daemon.start();
    assertThat(networks(docker, id)).containsExactly("own141", "side142");
    docker.ok("start", id);
    assertThat(interfaces(docker, id)).containsExactly("eth0", "eth1", "lo");
    assertThat(docker.ok("exec", id, "ip", "-o", "-4", "addr").out()).contains("10.231.141.").contains("10.231.142.");
    // Both addresses are in /etc/hosts with the hostname, as moby writes one line per endpoint.
    var hosts = docker.ok("exec", id, "cat", "/etc/hosts").out();
    assertThat(hosts).containsPattern("10\\.231\\.141\\.\\d+\t" + id.substring(0, 12))
        .containsPattern("10\\.231\\.142\\.\\d+\t" + id.substring(0, 12));
    docker.ok("rm", "-f", id);
    docker.ok("network", "rm", "own141", "side142");
  }

  private static List<String> networks(Docker docker, String id) {
    var names = new ArrayList<String>();
    JsonNode networks = docker.inspect(id).path("NetworkSettings").path("Networks");
    networks.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> interfaces(Docker docker, String id) {
    return docker.ok("exec", id, "ls", "/sys/class/net").out().lines().map(String::strip).filter(s -> !s.isEmpty()).sorted().toList();
  }
}
