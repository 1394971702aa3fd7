package dev.berth.it.volume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import dev.berth.it.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker volume create/ls/inspect/rm/prune through the CLI, with dockerd's shapes and texts, and a volume plugin. */
@BerthTest
class VolumesIT {
  @Test
  void createInspectListAndRemoveALocalVolume(BerthDaemon daemon, Docker docker) {
    docker.ok("volume", "create", "--label", "team=web", "it-data");
    try {
      JsonNode v = docker.json("volume", "inspect", "it-data").get(0);
      assertThat(v.path("Name").asText()).isEqualTo("it-data");
      assertThat(v.path("Driver").asText()).isEqualTo("local");
      assertThat(v.path("Scope").asText()).isEqualTo("local");
      assertThat(v.path("Mountpoint").asText()).isEqualTo(daemon.dataRoot().resolve("volumes/it-data/_data").toString());
      assertThat(v.path("Labels").path("team").asText()).isEqualTo("web");
      assertThat(v.path("Options").isNull()).isTrue();
      assertThat(v.path("CreatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
      assertThat(Files.isDirectory(daemon.dataRoot().resolve("volumes/it-data/_data"))).isTrue();
      assertThat(docker.ok("volume", "ls", "-q", "-f", "label=team=web").stdout()).isEqualTo("it-data");
      assertThat(docker.ok("volume", "ls", "-q", "-f", "label=team=db").stdout()).isEmpty();
      assertThat(docker.ok("volume", "ls", "-q", "-f", "dangling=true", "-f", "name=it-d").stdout()).isEqualTo("it-data");
    } finally {
      docker.ok("volume", "rm", "it-data");
    }
    assertThat(Files.exists(daemon.dataRoot().resolve("volumes/it-data"))).isFalse();
  }

  @Test
  void badRequestsGetDockerdsMessages(Docker docker) {
    assertThat(docker.run("volume", "create", "a").err())
        .contains("create a: volume name is too short, names should be at least two alphanumeric characters");
    assertThat(docker.run("volume", "create", "-o", "foo=bar", "it-bad").err()).contains("create it-bad: invalid option: \"foo\"");
    assertThat(docker.run("volume", "create", "-o", "type=none", "it-bad").err())
        .contains("create it-bad: missing required option: \"device\"");
    assertThat(docker.run("volume", "inspect", "it-nosuch").err()).contains("get it-nosuch: no such volume");
    assertThat(docker.run("volume", "rm", "it-nosuch").err()).contains("get it-nosuch: no such volume");
    assertThat(docker.run("volume", "rm", "-f", "it-nosuch").exitCode()).isZero();
    assertThat(docker.run("volume", "ls", "-f", "dangling=maybe").err()).contains("invalid filter 'dangling=maybe'");
  }

  @Test
  void pruneRemovesUnusedAnonymousVolumesAndNamedOnesOnlyWithAll(RawHttp http, Docker docker) {
    var anon = docker.ok("volume", "create").stdout();
    docker.ok("volume", "create", "it-named");
    try {
      var pruned = docker.ok("volume", "prune", "-f").stdout();
      assertThat(pruned).contains(anon).doesNotContain("it-named");
      assertThat(docker.ok("volume", "ls", "-q").stdout()).contains("it-named");
      assertThat(docker.ok("volume", "prune", "-af").stdout()).contains("it-named");
      // API < 1.42: prune removes named volumes too.
      docker.ok("volume", "create", "it-old");
      var r = http.post("/v1.41/volumes/prune");
      assertThat(r.status()).isEqualTo(200);
      assertThat(names(r.json().path("VolumesDeleted"))).contains("it-old");
    } finally {
      docker.run("volume", "rm", "-f", "it-named", "it-old", anon);
    }
  }

  @Test
  void tmpfsVolumeOptionsAreShown(Docker docker) {
    docker.ok("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=8m", "it-tmpfs");
    try {
      var options = docker.json("volume", "inspect", "it-tmpfs").get(0).path("Options");
      assertThat(options.path("type").asText()).isEqualTo("tmpfs");
      assertThat(options.path("o").asText()).isEqualTo("size=8m");
    } finally {
      docker.ok("volume", "rm", "it-tmpfs");
    }
  }

  @Test
  void aVolumePluginOfOurOwnServesDockerVolumeCreateD(Docker docker, @TempDir Path store) throws Exception {
    try (var plugin = TestPlugin.volumes(store)) {
      docker.ok("volume", "create", "-d", plugin.name, "-o", "speed=fast", "it-pv");
      try {
        var v = docker.json("volume", "inspect", "it-pv").get(0);
        assertThat(v.path("Driver").asText()).isEqualTo(plugin.name);
        assertThat(v.path("Mountpoint").asText()).isEqualTo(store.resolve("it-pv").toString());
        assertThat(v.path("Status").path("plugin").asText()).isEqualTo(plugin.name);
        assertThat(store.resolve("it-pv/.opts")).content().contains("\"speed\":\"fast\"");
        assertThat(docker.ok("volume", "ls", "-q", "-f", "driver=" + plugin.name).stdout()).isEqualTo("it-pv");
        var listed = docker.ok("plugin", "ls", "--format", "{{.Name}} {{.Enabled}}").stdout();
        assertThat(listed).contains(plugin.name + " true");
      } finally {
        docker.ok("volume", "rm", "it-pv");
      }
      assertThat(plugin.calls()).contains("Plugin.Activate ", "VolumeDriver.Create it-pv", "VolumeDriver.Remove it-pv");
      assertThat(Files.exists(store.resolve("it-pv"))).isFalse();
    }
  }

  @Test
  void managedPluginCommandsSayTheyAreNotSupported(Docker docker) {
    var r = docker.run("plugin", "install", "--grant-all-permissions", "vieux/sshfs");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("managed plugins are not supported by Berth");
    assertThat(docker.run("plugin", "inspect", "it-nosuch").err()).contains("plugin \"it-nosuch\" not found");
  }

  private static List<String> names(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
