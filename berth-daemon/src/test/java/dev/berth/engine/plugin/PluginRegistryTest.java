package dev.berth.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import dev.berth.testing.FakePluginServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {
  @TempDir Path sockets;
  @TempDir Path specs;

  PluginRegistry registry(Duration budget) {
    return new PluginRegistry(List.of(sockets), List.of(specs), budget);
  }

  @Test
  void activatesOnceOverTheUnixSocketWithDockerdsAcceptHeader() throws Exception {
    try (var server = new FakePluginServer(sockets.resolve("vol.sock"), "VolumeDriver")) {
      var r = registry(Duration.ofSeconds(2));
      var plugin = r.get("vol", "VolumeDriver");
      r.get("vol", "VolumeDriver");
      assertThat(plugin.implementsList()).containsExactly("VolumeDriver");
      assertThat(server.methods()).containsExactly("Plugin.Activate");
      assertThat(server.calls.getFirst().accept()).isEqualTo("application/vnd.docker.plugins.v1.2+json");
      assertThat(r.activePlugins()).extracting(Plugin::name).containsExactly("vol");
      assertThatThrownBy(() -> r.get("vol", "authz")).isInstanceOf(SystemError.class)
          .hasMessage("legacy plugin: Plugin does not implement the requested driver: plugin=\"vol\", requested implementation=\"authz\"");
    }
  }

  @Test
  void findsPluginsInSubfoldersAndSpecFiles() throws Exception {
    try (var server = new FakePluginServer(sockets.resolve("nested/nested.sock"), "authz")) {
      Files.writeString(specs.resolve("viaspec.spec"), "unix://" + sockets.resolve("nested/nested.sock") + "\n");
      Files.writeString(specs.resolve("viajson.json"), "{\"Name\":\"viajson\",\"Addr\":\"unix://" + sockets.resolve("nested/nested.sock") + "\"}");
      var r = registry(Duration.ofSeconds(2));
      assertThat(r.scan()).containsExactlyInAnyOrder("nested", "viaspec", "viajson");
      assertThat(r.get("viaspec", "authz").address()).endsWith("nested.sock");
      assertThat(r.get("viajson", "authz").name()).isEqualTo("viajson");
      assertThat(r.all("authz", null)).hasSize(3);
    }
  }

  @Test
  void waitsForASocketThatAppearsLaterAndGivesUpWithDockerdsText() throws Exception {
    var r = registry(Duration.ofSeconds(4));
    var late = new AtomicReference<FakePluginServer>();
    var starter = Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(300); // the plugin starts after the daemon asked for it
        late.set(new FakePluginServer(sockets.resolve("late.sock"), "VolumeDriver"));
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    try {
      assertThat(r.get("late", "VolumeDriver").name()).isEqualTo("late");
    } finally {
      starter.join();
      late.get().close();
    }
    var quick = registry(Duration.ofMillis(1500));
    long start = System.nanoTime();
    assertThatThrownBy(() -> quick.get("nosuch", "VolumeDriver")).isInstanceOf(NotFound.class)
        .hasMessage("plugin \"nosuch\" not found");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
  }

  @Test
  void errorRepliesCarryThePluginsErrText() throws Exception {
    try (var server = new FakePluginServer(sockets.resolve("bad.sock"), "VolumeDriver")) {
      server.on("VolumeDriver.Create", body -> new FakePluginServer.Reply(500, Map.of("Err", "disk on fire")));
      server.on("VolumeDriver.Remove", body -> new FakePluginServer.Reply(500, "plain text"));
      var plugin = registry(Duration.ofSeconds(1)).get("bad", "VolumeDriver");
      assertThatThrownBy(() -> plugin.client().call("VolumeDriver.Create", Map.of("Name", "x"), Duration.ofSeconds(5)))
          .isInstanceOf(PluginException.class).hasMessage("VolumeDriver.Create: disk on fire");
      assertThatThrownBy(() -> plugin.client().call("VolumeDriver.Remove", Map.of("Name", "x"), Duration.ofSeconds(5)))
          .hasMessage("VolumeDriver.Remove: \"plain text\"");
    }
  }

  @Test
  void backoffDoublesUpToThirtySeconds() {
    assertThat(PluginClient.backoff(0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(PluginClient.backoff(3)).isEqualTo(Duration.ofSeconds(8));
    assertThat(PluginClient.backoff(10)).isEqualTo(Duration.ofSeconds(30));
  }
}
