package dev.berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.SystemError;
import dev.berth.testing.FakePluginServer;
import dev.berth.testing.FakePluginServer.Reply;
import dev.berth.engine.plugin.PluginRegistry;
import dev.berth.model.Volume;
import dev.berth.model.VolumeCreateRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginVolumeTest {
  @TempDir Path dataRoot;
  @TempDir Path sockets;
  @TempDir Path store;

  /** A volume plugin keeping its volumes as folders under {@code store}. */
  FakePluginServer plugin() throws Exception {
    var known = ConcurrentHashMap.<String>newKeySet();
    var server = new FakePluginServer(sockets.resolve("tdir.sock"), "VolumeDriver");
    server.on("VolumeDriver.Create", b -> {
      known.add(b.get("Name").asText());
      return new Reply(200, Map.of("Err", ""));
    });
    server.on("VolumeDriver.Get", b -> known.contains(b.get("Name").asText())
        ? new Reply(200, Map.of("Volume", Map.of("Name", b.get("Name").asText(), "Mountpoint", "", "Status", Map.of("kind", "tdir"))))
        : new Reply(200, Map.of("Err", "no such volume")));
    server.on("VolumeDriver.List", b -> new Reply(200, Map.of("Volumes", known.stream().map(n -> Map.of("Name", n)).toList())));
    server.on("VolumeDriver.Mount", b -> {
      var dir = store.resolve(b.get("Name").asText());
      try {
        Files.createDirectories(dir);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
      return new Reply(200, Map.of("Mountpoint", dir.toString()));
    });
    server.on("VolumeDriver.Unmount", b -> new Reply(200, Map.of()));
    server.on("VolumeDriver.Remove", b -> {
      known.remove(b.get("Name").asText());
      return new Reply(200, Map.of());
    });
    server.on("VolumeDriver.Capabilities", b -> new Reply(200, Map.of("Capabilities", Map.of("Scope", "global"))));
    return server;
  }

  @Test
  void createMountAndRemoveThroughThePlugin() throws Exception {
    try (var server = plugin()) {
      var registry = new PluginRegistry(List.of(sockets), List.of(), Duration.ofSeconds(2));
      var volumes = VolumeService.open(dataRoot, registry, VolumeEvents.NONE);
      var resolver = new MountResolver(dataRoot, volumes);
      var created = volumes.create(new VolumeCreateRequest("pv", "tdir", Map.of("k", "v"), Map.of("l", "1")));
      assertThat(created.driver()).isEqualTo("tdir");
      assertThat(created.scope()).isEqualTo("global");
      assertThat(volumes.inspect("pv").status()).containsEntry("kind", "tdir");
      assertThat(server.calls.stream().filter(c -> c.method().equals("VolumeDriver.Create")).findFirst().orElseThrow().body()
          .get("Opts").get("k").asText()).isEqualTo("v");

      var id = "c".repeat(64);
      resolver.register(id, MountResolverTest.config(), MountResolverTest.hostConfig(List.of("pv:/p"), null, null, null), r -> r);
      var started = resolver.setUp(id, null, null);
      assertThat(started.specs().getFirst().source()).isEqualTo(store.resolve("pv").toString());
      assertThat(started.inspectMounts().getFirst().driver()).isEqualTo("tdir");
      assertThat(server.calls).anyMatch(c -> c.method().equals("VolumeDriver.Mount") && c.body().get("ID").asText().equals(id));
      resolver.release(id, true);
      assertThat(server.methods()).contains("VolumeDriver.Unmount");

      @SuppressWarnings("unchecked")
      var listed = (List<Volume>) volumes.list(dev.berth.model.Filters.none()).get("Volumes");
      assertThat(listed).extracting(Volume::name).containsExactly("pv");
      volumes.remove("pv", false);
      assertThat(server.methods()).contains("VolumeDriver.Remove");
    }
  }

  @Test
  void pluginErrorsArePrefixedWithTheOperation() throws Exception {
    try (var server = plugin()) {
      server.on("VolumeDriver.Create", b -> new Reply(200, Map.of("Err", "quota exceeded")));
      var volumes = VolumeService.open(dataRoot, new PluginRegistry(List.of(sockets), List.of(), Duration.ofSeconds(2)), VolumeEvents.NONE);
      assertThatThrownBy(() -> volumes.create(new VolumeCreateRequest("pv", "tdir", null, null)))
          .isInstanceOf(SystemError.class).hasMessage("create pv: quota exceeded");
    }
  }
}
