package dev.berth.it.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import dev.berth.it.Fixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's docker-compose (v1, on docker-py) against berthd: a two-service project on its own
 * network with a named volume, an environment variable and a port published on 127.0.0.1.
 */
@BerthTest
class ComposeIT {
  private static final String PROJECT = """
      version: "2.4"
      services:
        web:
          image: busybox
          command: sh -c 'while true; do echo "hi $$GREETING" | nc -l -p 8080; done'
          networks: [appnet]
          volumes: [data:/data]
          environment: [GREETING=from-web]
          ports: ["127.0.0.1:%d:8080"]
        client:
          image: busybox
          command: sleep 600
          networks: [appnet]
          volumes: [data:/data]
          depends_on: [web]
      networks:
        appnet: {}
      volumes:
        data: {}
      """;

  private record Run(int exitCode, String out) {}

  private static Run compose(BerthDaemon daemon, Path dir, String... args) throws IOException, InterruptedException {
    var command = new java.util.ArrayList<>(List.of("docker-compose", "-p", "berthsmoke", "--no-ansi"));
    command.addAll(List.of(args));
    var pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("DOCKER_HOST", "unix://" + daemon.socket());
    var p = pb.start();
    p.getOutputStream().close();
    var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("docker-compose %s", command).isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void upExecLogsAndDownLeaveNothing(Daemons daemons, @TempDir Path dir) throws Exception {
    BerthDaemon daemon = daemons.start();
    Docker docker = daemon.docker();
    docker.ok("load", "-i", Fixture.busyboxTar().toString());
    int port = 20000 + (int) (ProcessHandle.current().pid() % 20000);
    Files.writeString(dir.resolve("docker-compose.yml"), PROJECT.formatted(port));

    var up = compose(daemon, dir, "up", "-d");
    try {
      assertThat(up.exitCode()).as(up.out()).isZero();
      var ps = compose(daemon, dir, "ps");
      assertThat(ps.out()).contains("berthsmoke_web_1").contains("berthsmoke_client_1").contains("Up");
      // The client reaches the web service by its service name (a Compose alias) through 127.0.0.11.
      var reply = compose(daemon, dir, "exec", "-T", "client", "sh", "-c", "echo ping | nc web 8080");
      assertThat(reply.out()).as(reply.out()).contains("hi from-web");
      assertThat(compose(daemon, dir, "exec", "-T", "web", "sh", "-c", "echo kept > /data/f").exitCode()).isZero();
      assertThat(compose(daemon, dir, "exec", "-T", "client", "cat", "/data/f").out()).contains("kept");
      try (var socket = new java.net.Socket("127.0.0.1", port)) {
        socket.getOutputStream().write("from-host\n".getBytes(StandardCharsets.US_ASCII));
        socket.shutdownOutput();
        assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).contains("hi from-web");
      }
      var logs = compose(daemon, dir, "logs", "web");
      assertThat(logs.out()).contains("ping").contains("from-host");
      var aliases = docker.inspect("berthsmoke_web_1").path("NetworkSettings").path("Networks").path("berthsmoke_appnet")
          .path("Aliases").toString();
      assertThat(aliases).contains("\"web\"");
    } finally {
      var down = compose(daemon, dir, "down", "-v");
      assertThat(down.exitCode()).as(down.out()).isZero();
    }
    assertThat(docker.ok("ps", "-aq").stdout()).isEmpty();
    assertThat(docker.ok("network", "ls", "--format", "{{.Name}}").stdout().lines().toList())
        .containsExactlyInAnyOrder("bridge", "host", "none");
    assertThat(docker.ok("volume", "ls", "-q").stdout()).isEmpty();
  }
}
