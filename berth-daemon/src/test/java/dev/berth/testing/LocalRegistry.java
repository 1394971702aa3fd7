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
  private final String address;
  private final int port;
  private final Path log;

  private LocalRegistry(Process process, String address, int port, Path log) {
    this.process = process;
    this.address = address;
    this.port = port;
    this.log = log;
  }

  public static boolean available() {
    return Files.isExecutable(BINARY);
  }

  public static LocalRegistry start(Path dir, String authYaml) throws IOException, InterruptedException {
    return start(dir, "127.0.0.1", authYaml, null);
  }

  /**
   * Serves HTTPS on {@code address} (an IPv4 address or {@code [::1]}) with {@code cert}/{@code key};
   * with {@code clientCa} it requires a client certificate signed by it.
   */
  public static LocalRegistry startTls(Path dir, String address, Path cert, Path key, Path clientCa)
      throws IOException, InterruptedException {
    var tls = "  tls:\n    certificate: " + cert + "\n    key: " + key + "\n"
        + (clientCa == null ? "" : "    clientcas:\n      - " + clientCa + "\n");
    return start(dir, address, null, tls);
  }

  private static LocalRegistry start(Path dir, String address, String authYaml, String tlsYaml)
      throws IOException, InterruptedException {
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
          addr: "%s:%d"
        %s%s
        """.formatted(dir.resolve("data"), address, port, tlsYaml == null ? "" : tlsYaml, authYaml == null ? "" : authYaml));
    var process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("registry.log").toFile())
        .start();
    var registry = new LocalRegistry(process, address, port, dir.resolve("registry.log"));
    registry.awaitReady(dir);
    return registry;
  }

  public String host() {
    return address + ":" + port;
  }

  /** What the registry printed so far, its access log included. */
  public String log() throws IOException {
    return Files.readString(log);
  }

  private void awaitReady(Path dir) throws IOException, InterruptedException {
    var deadline = Instant.now().plusSeconds(15);
    try (var client = HttpClient.newHttpClient()) {
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          throw new IOException("registry exited: " + Files.readString(dir.resolve("registry.log")));
        }
        try (var probe = new java.net.Socket()) {
          // a TCP connect: the TLS variants would refuse a plain HTTP probe
          probe.connect(new java.net.InetSocketAddress(address.replace("[", "").replace("]", ""), port), 2000);
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
