package dev.berth.it.volume;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.testing.FakePluginServer;
import dev.berth.testing.FakePluginServer.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The project's own small plugins for the integration tests: handlers on the unit tests'
 * {@link FakePluginServer}, serving Docker's plugin protocol on a unique socket in Berth's plugin
 * dir ({@code /run/berth/plugins/<name>.sock}):
 * <ul>
 *   <li>{@link #volumes}: a VolumeDriver keeping each volume as a folder under a temp dir;</li>
 *   <li>{@link #authz}: an authorization plugin denying the requests a predicate picks;</li>
 *   <li>{@link TestNetworkPlugin}: a NetworkDriver and an IpamDriver.</li>
 * </ul>
 * Close it to stop serving and delete the socket.
 */
class TestPlugin implements AutoCloseable {
  static final Path PLUGIN_DIR = Path.of("/run/berth/plugins");
  private static final AtomicInteger SEQ = new AtomicInteger();

  final String name;
  final FakePluginServer server;

  TestPlugin(String kind, String... capabilities) throws IOException {
    this.name = "berthit-" + kind + "-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    this.server = new FakePluginServer(PLUGIN_DIR.resolve(name + ".sock"), capabilities);
  }

  /** A volume plugin storing volumes as folders under {@code store}. */
  static TestPlugin volumes(Path store) throws IOException {
    var plugin = new TestPlugin("vol", "VolumeDriver");
    Set<String> volumes = ConcurrentHashMap.newKeySet();
    plugin.server
        .on("VolumeDriver.Create", body -> io(() -> {
          var dir = Files.createDirectories(store.resolve(body.path("Name").asText()));
          Files.writeString(dir.resolve(".opts"), body.path("Opts").toString());
          volumes.add(body.path("Name").asText());
        }))
        .on("VolumeDriver.Remove", body -> io(() -> {
          volumes.remove(body.path("Name").asText());
          try (var files = Files.walk(store.resolve(body.path("Name").asText()))) {
            for (var p : files.sorted(Comparator.reverseOrder()).toList()) {
              Files.deleteIfExists(p);
            }
          }
        }))
        .on("VolumeDriver.Get", body -> volumes.contains(body.path("Name").asText())
            ? ok(Map.of("Volume", Map.of("Name", body.path("Name").asText(),
                "Mountpoint", store.resolve(body.path("Name").asText()).toString(), "Status", Map.of("plugin", plugin.name))))
            : ok(Map.of("Err", "no such volume")))
        .on("VolumeDriver.List", body -> ok(Map.of("Volumes", volumes.stream().map(v -> Map.of("Name", v)).toList())))
        .on("VolumeDriver.Path", body -> ok(Map.of("Mountpoint", store.resolve(body.path("Name").asText()).toString())))
        .on("VolumeDriver.Mount", body -> ok(Map.of("Mountpoint", store.resolve(body.path("Name").asText()).toString())))
        .on("VolumeDriver.Unmount", body -> ok(Map.of()))
        .on("VolumeDriver.Capabilities", body -> ok(Map.of("Capabilities", Map.of("Scope", "local"))));
    return plugin;
  }

  /** An authorization plugin denying every request {@code deny} matches (given the AuthZReq body). */
  static TestPlugin authz(Predicate<JsonNode> deny) throws IOException {
    var plugin = new TestPlugin("authz", "authz");
    plugin.server
        .on("AuthZPlugin.AuthZReq", body -> deny.test(body)
            ? ok(Map.of("Allow", false, "Msg", "berth-it forbids " + body.path("RequestMethod").asText() + " "
                + body.path("RequestUri").asText()))
            : ok(Map.of("Allow", true)))
        .on("AuthZPlugin.AuthZRes", body -> ok(Map.of("Allow", true)));
    return plugin;
  }

  /** Every call as {@code "<Method> <Name or RequestUri>"}, in order. */
  List<String> calls() {
    return server.calls.stream()
        .map(c -> c.method() + " " + c.body().path("Name").asText(c.body().path("RequestUri").asText()))
        .toList();
  }

  static Reply ok(Object body) {
    return new Reply(200, body);
  }

  interface IoStep {
    void run() throws IOException;
  }

  static Reply io(IoStep step) {
    try {
      step.run();
      return ok(Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
