package dev.berth.it.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docker network connect/disconnect} of containers that are not running (kept in their
 * settings, applied at start) and the network events dockerd emits: create, connect, disconnect,
 * destroy with name, type and container.
 */
@BerthTest
class ConnectStoppedIT {
  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  @Test
  void aCreatedContainerConnectedToANetworkJoinsItAtStartAndLeavesItAfterDisconnect(Docker docker) {
    docker.ok("network", "create", "--subnet", "10.231.76.0/24", "later76");
    String id = docker.ok("create", "--name", "c76", "busybox", "sleep", "120").stdout();
    try {
      docker.ok("network", "connect", "--ip", "10.231.76.20", "--alias", "db76", "later76", "c76");
      // Already on it: moby keeps the first settings and says nothing (updateNetworkSettings).
      docker.ok("network", "connect", "later76", "c76");
      docker.ok("start", id);
      JsonNode nets = docker.inspect(id).path("NetworkSettings").path("Networks");
      assertThat(nets.path("later76").path("IPAddress").asText()).isEqualTo("10.231.76.20");
      assertThat(nets.path("later76").path("Aliases").toString()).contains("db76");
      assertThat(nets.path("bridge").path("IPAddress").asText()).isNotEmpty();
      assertThat(docker.json("network", "inspect", "later76").get(0).path("Containers").has(id)).isTrue();
      assertThat(docker.ok("exec", id, "ip", "-o", "-4", "addr").out()).contains("10.231.76.20/24");

      docker.ok("stop", "-t", "0", id);
      docker.ok("network", "disconnect", "later76", "c76");
      assertThat(docker.run("network", "disconnect", "later76", "c76").err())
          .contains("container " + id + " is not connected to the network later76");
      docker.ok("start", id);
      assertThat(docker.inspect(id).path("NetworkSettings").path("Networks").has("later76")).isFalse();
      assertThat(docker.ok("exec", id, "ip", "-o", "-4", "addr").out()).doesNotContain("10.231.76.");
    } finally {
      docker.ok("rm", "-f", id);
      docker.ok("network", "rm", "later76");
    }
  }

  @Test
  void connectErrorsAreDockerds(Docker docker) {
    docker.ok("network", "create", "--subnet", "10.231.77.0/24", "err77");
    String host = docker.ok("create", "--network", "host", "busybox", "true").stdout();
    try {
      assertThat(docker.run("network", "connect", "err77", host).err())
          .contains("container sharing network namespace with another container or host cannot be connected to any other network");
      assertThat(docker.run("network", "connect", "err77", "nosuch77").err()).contains("No such container: nosuch77");
      assertThat(docker.run("network", "connect", "--ip", "10.9.9.9", "err77", host).exitCode()).isNotZero();
    } finally {
      docker.ok("rm", "-f", host);
      docker.ok("network", "rm", "err77");
    }
  }

  @Test
  void networkEventsCarryDockerdsAttributes(Docker docker) {
    long start = System.currentTimeMillis() / 1000;
    String netId = docker.ok("network", "create", "--subnet", "10.231.78.0/24", "ev78").stdout();
    String id = docker.ok("run", "-d", "--network", "ev78", "busybox", "sleep", "120").stdout();
    docker.ok("rm", "-f", id);
    String stopped = docker.ok("create", "busybox", "true").stdout();
    docker.ok("network", "connect", "ev78", stopped);
    docker.ok("network", "disconnect", "ev78", stopped);
    docker.ok("rm", stopped);
    docker.ok("network", "rm", "ev78");
    List<JsonNode> events = List.of();
    var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      events = docker.jsonLines("events", "--since", Long.toString(start), "--until",
          Long.toString(System.currentTimeMillis() / 1000 + 1), "--filter", "type=network", "--filter", "network=" + netId,
          "--format", "{{json .}}");
      if (events.stream().anyMatch(e -> e.path("Action").asText().equals("destroy"))) {
        break;
      }
    }
    var actions = events.stream().map(e -> e.path("Action").asText()).toList();
    // Connecting a stopped container is no event in moby (ConnectToNetwork); disconnecting it is.
    assertThat(actions).containsExactly("create", "connect", "disconnect", "disconnect", "destroy");
    for (var e : events) {
      assertThat(e.path("Type").asText()).isEqualTo("network");
      assertThat(e.path("Actor").path("ID").asText()).isEqualTo(netId);
      assertThat(e.path("Actor").path("Attributes").path("name").asText()).isEqualTo("ev78");
      assertThat(e.path("Actor").path("Attributes").path("type").asText()).isEqualTo("bridge");
    }
    assertThat(events.get(1).path("Actor").path("Attributes").path("container").asText()).isEqualTo(id);
    assertThat(events.get(3).path("Actor").path("Attributes").path("container").asText()).isEqualTo(stopped);
  }
}
