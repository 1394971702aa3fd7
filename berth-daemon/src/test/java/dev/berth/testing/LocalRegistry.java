package dev.berth.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Debian's docker-registry on 127.0.0.1 and a free port, storage in a temp dir; {@link #close()}
 * stops it. {@code authYaml} is an optional {@code auth:} section.
 */
public final class LocalRegistry implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/docker-registry");

  private final Process process;
  private final int port;

  private LocalRegistry(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static boolean available() {
    return Files.isExecutable(BINARY);
  }

  public static LocalRegistry start(Path dir, String authYaml) throws IOException, InterruptedException {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var config = dir.resolve("config.yml");
    Files.writeString(config, """
        version: 0.1
        log:
          level: error
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
        %s
        """.formatted(dir.resolve("data"), port, authYaml == null ? "" : authYaml));
    var process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("registry.log").toFile())
        .start();
    var registry = new LocalRegistry(process, port);
    registry.awaitReady(dir);
    return registry;
  }

  public String host() {
    return "127.0.0.1:" + port;
  }

  private void awaitReady(Path dir) throws IOException, InterruptedException {
    var deadline = Instant.now().plusSeconds(15);
    try (var client = HttpClient.newHttpClient()) {
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          throw new IOException("registry exited: " + Files.readString(dir.resolve("registry.log")));
        }
        try {
          client.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding());
          return;
        } catch (IOException e) {
          java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
      }
    }
    close();
    throw new IOException("registry did not start on " + host());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
