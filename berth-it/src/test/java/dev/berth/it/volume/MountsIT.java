package dev.berth.it.volume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -v, --mount, --tmpfs, --volumes-from and image VOLUMEs in real containers, through the docker CLI. */
@BerthTest
class MountsIT {
  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  private static List<String> volumeNames(Docker docker) {
    var out = docker.ok("volume", "ls", "-q").stdout();
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  @Test
  void aNamedVolumeKeepsDataAcrossContainers(Docker docker) {
    try {
      docker.ok("run", "--rm", "-v", "it-keep:/data", "busybox", "sh", "-c", "echo kept > /data/f");
      assertThat(docker.ok("run", "--rm", "-v", "it-keep:/other", "busybox", "cat", "/other/f").stdout()).isEqualTo("kept");
      assertThat(volumeNames(docker)).contains("it-keep");
    } finally {
      docker.run("volume", "rm", "it-keep");
    }
  }

  @Test
  void bindMountsAreVisibleBothWaysAndReadOnlyIsEnforced(Docker docker, @TempDir Path host) throws IOException {
    Files.writeString(host.resolve("in"), "from host");
    assertThat(docker.ok("run", "--rm", "-v", host + ":/h", "busybox", "sh", "-c", "cat /h/in; echo out > /h/out").stdout())
        .isEqualTo("from host");
    assertThat(host.resolve("out")).hasContent("out");
    var ro = docker.run("run", "--rm", "-v", host + ":/h:ro,z", "busybox", "sh", "-c", "echo x > /h/new");
    assertThat(ro.exitCode()).isNotZero();
    assertThat(ro.err()).contains("Read-only file system");
    assertThat(host.resolve("new")).doesNotExist();
    var viaMount = docker.ok("run", "--rm", "--mount", "type=bind,src=" + host + ",dst=/m,readonly", "busybox", "cat", "/m/in");
    assertThat(viaMount.stdout()).isEqualTo("from host");
  }

  @Test
  void vCreatesAMissingHostPathButMountReportsIt(Docker docker, @TempDir Path host) {
    var missing = host.resolve("made/for/v");
    docker.ok("run", "--rm", "-v", missing + ":/m", "busybox", "true");
    assertThat(missing).isDirectory();
    var r = docker.run("run", "--rm", "--mount", "type=bind,src=" + host.resolve("nope") + ",dst=/m", "busybox", "true");
    assertThat(r.exitCode()).isEqualTo(125);
    assertThat(r.err()).contains("invalid mount config for type \"bind\": bind source path does not exist: " + host.resolve("nope"));
    assertThat(docker.run("run", "--rm", "-v", "/a:relative", "busybox", "true").err())
        .contains("invalid volume specification: '/a:relative': invalid mount config for type \"bind\": invalid mount path: 'relative' mount path must be absolute");
    assertThat(docker.run("run", "--rm", "-v", "it-x:/a", "-v", "it-y:/a", "busybox", "true").err())
        .contains("Duplicate mount point: /a");
  }

  @Test
  void tmpfsMountsHaveTheirSizeAndAreNotShownAsMountsForTmpfsFlag(Docker docker) {
    var out = docker.ok("run", "--rm", "--tmpfs", "/t:size=1m", "--mount", "type=tmpfs,dst=/u,tmpfs-size=2m",
        "busybox", "sh", "-c", "grep -E ' /(t|u) ' /proc/mounts").stdout();
    assertThat(out).contains("tmpfs /t tmpfs").contains("size=1024k").contains("tmpfs /u tmpfs").contains("size=2048k");
  }

  @Test
  void aTmpfsLocalVolumeIsMountedOnlyWhileAContainerUsesIt(BerthDaemon daemon, Docker docker) throws IOException {
    docker.ok("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=4m", "it-tmpvol");
    try {
      var data = daemon.dataRoot().resolve("volumes/it-tmpvol/_data").toString();
      var seen = docker.ok("run", "--rm", "-v", "it-tmpvol:/t", "busybox", "sh", "-c", "grep ' /t ' /proc/mounts").stdout();
      assertThat(seen).contains("tmpfs /t tmpfs").contains("size=4096k");
      assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(data);
    } finally {
      docker.ok("volume", "rm", "it-tmpvol");
    }
  }

  @Test
  void anonymousVolumesGoWithRmAndRmV(Docker docker) {
    var before = volumeNames(docker);
    docker.ok("run", "--rm", "-v", "/anon", "busybox", "sh", "-c", "echo x > /anon/f");
    assertThat(volumeNames(docker)).isEqualTo(before);
    var id = docker.ok("run", "-d", "-v", "/anon", "-v", "it-named-kept:/n", "busybox", "true").stdout();
    var anon = docker.inspect(id).path("Mounts").findValues("Name").stream().map(JsonNode::asText)
        .filter(n -> n.matches("[0-9a-f]{64}")).findFirst().orElseThrow();
    docker.ok("wait", id);
    assertThat(volumeNames(docker)).contains(anon, "it-named-kept");
    docker.ok("rm", "-v", id);
    assertThat(volumeNames(docker)).doesNotContain(anon).contains("it-named-kept");
    docker.ok("volume", "rm", "it-named-kept");
  }

  @Test
  void aVolumeInUseCannotBeRemovedEvenByAStoppedContainer(Docker docker) {
    var id = docker.ok("run", "-d", "-v", "it-busy:/x", "busybox", "sleep", "60").stdout();
    try {
      var r = docker.run("volume", "rm", "it-busy");
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.err()).contains("remove it-busy: volume is in use - [" + id + "]");
      docker.ok("stop", "-t", "0", id);
      assertThat(docker.run("volume", "rm", "-f", "it-busy").err()).contains("volume is in use");
    } finally {
      docker.ok("rm", "-f", id);
    }
    docker.ok("volume", "rm", "it-busy");
  }

  @Test
  void inspectShowsMountsAsDockerd(Docker docker, @TempDir Path host) {
    var id = docker.ok("create", "-v", "it-shape:/v", "-v", host + ":/h:ro,z", "--mount", "type=tmpfs,dst=/t",
        "busybox", "true").stdout();
    try {
      var mounts = docker.inspect(id).path("Mounts");
      var byDest = StreamSupport.stream(mounts.spliterator(), false)
          .collect(java.util.stream.Collectors.toMap(m -> m.path("Destination").asText(), m -> m));
      var v = byDest.get("/v");
      assertThat(v.path("Type").asText()).isEqualTo("volume");
      assertThat(v.path("Name").asText()).isEqualTo("it-shape");
      assertThat(v.path("Driver").asText()).isEqualTo("local");
      assertThat(v.path("Mode").asText()).isEqualTo("z");
      assertThat(v.path("RW").asBoolean()).isTrue();
      assertThat(v.path("Propagation").asText()).isEmpty();
      var h = byDest.get("/h");
      assertThat(h.path("Type").asText()).isEqualTo("bind");
      assertThat(h.path("Source").asText()).isEqualTo(host.toString());
      assertThat(h.path("Mode").asText()).isEqualTo("ro,z");
      assertThat(h.path("RW").asBoolean()).isFalse();
      assertThat(h.path("Propagation").asText()).isEqualTo("rprivate");
      assertThat(h.has("Name")).isFalse();
      assertThat(byDest.get("/t").path("Type").asText()).isEqualTo("tmpfs");
    } finally {
      docker.ok("rm", id);
      docker.ok("volume", "rm", "it-shape");
    }
  }

  @Test
  void volumesFromSharesVolumesReadOnly(Docker docker) {
    var source = docker.ok("create", "-v", "it-shared:/shared", "busybox", "true").stdout();
    try {
      docker.ok("run", "--rm", "--volumes-from", source, "busybox", "sh", "-c", "echo s > /shared/f");
      var ro = docker.run("run", "--rm", "--volumes-from", source + ":ro", "busybox", "sh", "-c", "cat /shared/f; echo x > /shared/g");
      assertThat(ro.out()).contains("s");
      assertThat(ro.err()).contains("Read-only file system");
    } finally {
      docker.ok("rm", source);
      docker.ok("volume", "rm", "it-shared");
    }
  }

  @Test
  void theFirstMountOfAnEmptyVolumeGetsTheImagesContentWithOwners(Docker docker, @TempDir Path work) throws IOException {
    var tar = work.resolve("img.tar");
    try (var out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
      var bin = new TarArchiveEntry("bin/busybox");
      bin.setSize(Files.size(Path.of("/bin/busybox")));
      bin.setMode(0755);
      out.putArchiveEntry(bin);
      Files.copy(Path.of("/bin/busybox"), out);
      out.closeArchiveEntry();
      for (var tool : List.of("sh", "ls", "cat", "stat")) {
        var link = new TarArchiveEntry("bin/" + tool, TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("busybox");
        out.putArchiveEntry(link);
        out.closeArchiveEntry();
      }
      var dir = new TarArchiveEntry("data/");
      dir.setMode(0750);
      dir.setIds(1000, 1000);
      out.putArchiveEntry(dir);
      out.closeArchiveEntry();
      var file = new TarArchiveEntry("data/file");
      file.setSize(5);
      file.setMode(0640);
      file.setIds(1000, 1000);
      out.putArchiveEntry(file);
      out.write("hello".getBytes());
      out.closeArchiveEntry();
    }
    docker.ok("import", "-c", "VOLUME /data", tar.toString(), "it-volimg:latest");
    try {
      var listing = docker.ok("run", "--rm", "-v", "it-populated:/data", "it-volimg", "sh", "-c",
          "stat -c '%u:%g %a' /data /data/file; cat /data/file").stdout();
      assertThat(listing).isEqualTo("1000:1000 750\n1000:1000 640\nhello");
      var nocopy = docker.ok("run", "--rm", "-v", "it-empty:/data:nocopy", "it-volimg", "ls", "-A", "/data").stdout();
      assertThat(nocopy).isEmpty();
      assertThat(docker.ok("run", "--rm", "it-volimg", "cat", "/data/file").stdout()).isEqualTo("hello");
    } finally {
      docker.run("volume", "rm", "it-populated", "it-empty");
      docker.run("rmi", "it-volimg");
    }
  }

  @Test
  void aPluginVolumeBacksAContainer(Docker docker, @TempDir Path store) throws Exception {
    try (var plugin = TestPlugin.volumes(store)) {
      docker.ok("run", "--rm", "--volume-driver", plugin.name, "-v", "it-plugvol:/p", "busybox", "sh", "-c", "echo via plugin > /p/f");
      assertThat(store.resolve("it-plugvol/f")).hasContent("via plugin\n");
      assertThat(plugin.calls()).contains("VolumeDriver.Mount it-plugvol", "VolumeDriver.Unmount it-plugvol");
      docker.ok("volume", "rm", "it-plugvol");
    }
  }

  @Test
  void pruneAfterARestartKeepsVolumesThatContainersUse(Daemons daemons) {
    var daemon = daemons.start();
    daemon.ensureBusybox();
    var docker = daemon.docker();
    var id = docker.ok("create", "-v", "it-used:/u", "-v", "/anon", "busybox", "true").stdout();
    docker.ok("volume", "create", "it-unused");
    daemon.stop();
    daemon.start();
    var pruned = docker.ok("volume", "prune", "-af").stdout();
    assertThat(pruned).contains("it-unused").doesNotContain("it-used");
    assertThat(volumeNames(docker)).hasSize(2).contains("it-used");
    docker.ok("rm", "-v", id);
    assertThat(volumeNames(docker)).containsExactly("it-used");
  }
}
