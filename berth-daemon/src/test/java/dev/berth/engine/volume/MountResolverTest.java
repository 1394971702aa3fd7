package dev.berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.model.ContainerConfig;
import dev.berth.model.Filters;
import dev.berth.model.HostConfig;
import dev.berth.model.MountPoint;
import dev.berth.runtime.MountSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountResolverTest {
  static final String C1 = "1".repeat(63) + "a";
  static final String C2 = "2".repeat(63) + "b";
  @TempDir Path dataRoot;
  @TempDir Path host;
  @TempDir Path rootfs;
  VolumeService volumes;
  MountResolver resolver;
  final ContainerIds ids = ref -> switch (ref) {
    case "first" -> C1;
    default -> throw NotFound.container(ref);
  };

  @BeforeEach
  void open() throws Exception {
    volumes = VolumeService.open(dataRoot, null, VolumeEvents.NONE);
    resolver = new MountResolver(dataRoot, volumes);
  }

  static HostConfig hostConfig(List<String> binds, List<HostConfig.Mount> mounts, Map<String, String> tmpfs, List<String> from) {
    var json = new HashMap<String, Object>();
    json.put("Binds", binds);
    json.put("Mounts", mounts);
    json.put("Tmpfs", tmpfs);
    json.put("VolumesFrom", from);
    return dev.berth.model.Json.mapper().convertValue(json, HostConfig.class);
  }

  static ContainerConfig config(String... volumes) {
    var json = new HashMap<String, Object>();
    var vols = new HashMap<String, Object>();
    for (var v : volumes) {
      vols.put(v, Map.of());
    }
    json.put("Volumes", vols);
    return dev.berth.model.Json.mapper().convertValue(json, ContainerConfig.class);
  }

  @Test
  void registerCreatesVolumesAndShowsDockerdMounts() {
    var mounts = resolver.register(C1, config("/data"), hostConfig(List.of("named:/n", host + ":/h:ro,z"),
        List.of(new HostConfig.Mount("/t", "", "tmpfs", false, null, null, null, Map.of("SizeBytes", 1024))), null, null), ids);
    assertThat(mounts).extracting(MountPoint::destination).containsExactly("/n", "/h", "/t", "/data");
    var named = mounts.get(0);
    assertThat(named).isEqualTo(new MountPoint("volume", "named", dataRoot.resolve("volumes/named/_data").toString(), "/n",
        "local", "z", true, ""));
    assertThat(mounts.get(1)).isEqualTo(new MountPoint("bind", "", host.toString(), "/h", "", "ro,z", false, "rprivate"));
    assertThat(mounts.get(2)).isEqualTo(new MountPoint("tmpfs", "", "", "/t", "", "", true, ""));
    assertThat(mounts.get(3).name()).matches("[0-9a-f]{64}");
    assertThat(mounts.get(3).mode()).isEmpty();
    assertThatThrownBy(() -> volumes.remove("named", false)).isInstanceOf(Conflict.class)
        .hasMessage("remove named: volume is in use - [" + C1 + "]");
  }

  @Test
  void aFailedRegisterLeavesNoVolumesOrReferences() {
    assertThatThrownBy(() -> resolver.register(C1, config("/data"), hostConfig(List.of("ok:/a", "x:/b"), null, null, null), ids))
        .hasMessageStartingWith("create x: volume name is too short");
    assertThatThrownBy(() -> resolver.register(C1, config(), hostConfig(List.of("v1:/a", "v2:/a"), null, null, null), ids))
        .isInstanceOf(InvalidArgument.class).hasMessage("Duplicate mount point: /a");
    assertThatThrownBy(() -> resolver.register(C1, config(), hostConfig(List.of("/tmp:/a"), null, Map.of("/a", ""), null), ids))
        .hasMessage("Duplicate mount point: /a");
    assertThatThrownBy(() -> resolver.register(C1, config(), hostConfig(null, null, null, List.of("nosuch")), ids))
        .isInstanceOf(InvalidArgument.class).hasMessage("No such container: nosuch");
    assertThat(volumes.inUse("ok")).isFalse();
    assertThat(resolver.mounts(C1)).isEmpty();
  }

  @Test
  void setUpCopiesImageContentOnceAndBuildsOciMounts() throws Exception {
    var inImage = Files.createDirectories(rootfs.resolve("data/sub"));
    Files.writeString(inImage.resolve("f"), "hello");
    Files.setPosixFilePermissions(rootfs.resolve("data"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.createSymbolicLink(rootfs.resolve("data/link"), Path.of("/etc/passwd"));
    var missing = host.resolve("made/by/v");
    resolver.register(C1, config("/data"), hostConfig(List.of(missing + ":/deep/er/path", "cache:/c"), null,
        Map.of("/run", "size=1m"), null), ids);
    var resolved = resolver.setUp(C1, hostConfig(null, null, Map.of("/run", "size=1m"), null), rootfs);

    assertThat(missing).isDirectory();
    var anon = resolved.inspectMounts().stream().filter(m -> m.destination().equals("/data")).findFirst().orElseThrow();
    var data = Path.of(anon.source());
    assertThat(data.resolve("sub/f")).hasContent("hello");
    assertThat(Files.readSymbolicLink(data.resolve("link"))).isEqualTo(Path.of("/etc/passwd"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwxr-x---");
    assertThat(resolved.specs()).extracting(MountSpec::destination).containsExactly("/c", "/data", "/run", "/deep/er/path");
    assertThat(resolved.specs()).contains(new MountSpec("/deep/er/path", "bind", missing.toString(), List.of("rbind", "rprivate")));
    assertThat(resolved.specs()).contains(new MountSpec("/run", "tmpfs", "tmpfs", List.of("noexec", "nosuid", "nodev", "rprivate", "size=1m")));
    assertThat(resolved.specs()).contains(new MountSpec("/c", "bind", dataRoot.resolve("volumes/cache/_data").toString(), List.of("rbind")));

    Files.writeString(data.resolve("sub/f"), "changed");
    resolver.tearDown(C1);
    resolver.setUp(C1, null, rootfs);
    assertThat(data.resolve("sub/f")).hasContent("changed");
  }

  @Test
  void volumesFromSharesVolumesReadOnlyWhenAsked() {
    resolver.register(C1, config(), hostConfig(List.of("shared:/s", host + ":/h"), null, null, null), ids);
    var mounts = resolver.register(C2, config(), hostConfig(null, null, null, List.of("first:ro")), ids);
    assertThat(mounts).extracting(MountPoint::destination, MountPoint::rw, MountPoint::mode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/s", false, ""), org.assertj.core.groups.Tuple.tuple("/h", false, ""));
    resolver.release(C1, true);
    assertThatThrownBy(() -> volumes.remove("shared", false)).hasMessage("remove shared: volume is in use - [" + C2 + "]");
  }

  @Test
  void releaseWithRemoveDropsOnlyAnonymousVolumes() {
    var mounts = resolver.register(C1, config("/anon"), hostConfig(List.of("keepme:/k"), null, null, null), ids);
    var anon = mounts.get(1).name();
    resolver.setUp(C1, null, rootfs);
    resolver.release(C1, true);
    assertThatThrownBy(() -> volumes.inspect(anon)).isInstanceOf(NotFound.class);
    assertThat(volumes.inspect("keepme").name()).isEqualTo("keepme");
    assertThat(volumes.inUse("keepme")).isFalse();
  }

  @Test
  @SuppressWarnings("unchecked")
  void referencesSurviveARestartSoPruneKeepsUsedVolumes() throws Exception {
    var mounts = resolver.register(C1, config("/anon"), hostConfig(List.of("named:/n"), null, null, null), ids);
    resolver.register(C2, config(), hostConfig(List.of("ghost:/g"), null, null, null), ids);
    Files.writeString(dataRoot.resolve("containers/" + C1 + "/config.v2.json"), "{}"); // C1 was saved, C2 never
    var reopened = VolumeService.open(dataRoot, null, VolumeEvents.NONE);
    new MountResolver(dataRoot, reopened);
    var report = reopened.prune(new Filters(Map.of("all", java.util.Set.of("true"))), false);
    assertThat((List<String>) report.get("VolumesDeleted")).containsExactly("ghost");
    assertThat(reopened.inspect(mounts.get(1).name())).isNotNull();
  }

  @Test
  void mountFlagBindSourceMustStillExistAtStart() throws Exception {
    var gone = Files.createDirectory(host.resolve("gone"));
    resolver.register(C1, config(), hostConfig(null, List.of(new HostConfig.Mount("/g", gone.toString(), "bind", false, null,
        null, null, null)), null, null), ids);
    Files.delete(gone);
    assertThatThrownBy(() -> resolver.setUp(C1, null, rootfs))
        .hasMessage("invalid mount config for type \"bind\": bind source path does not exist: " + gone);
  }

  @Test
  void imageContentBehindAnEscapingSymlinkIsReadInsideTheRootfs() throws Exception {
    // /data in the image is a symlink pointing "outside": it must resolve inside the rootfs.
    Files.createDirectories(rootfs.resolve("inside"));
    Files.writeString(rootfs.resolve("inside/f"), "image");
    Files.createSymbolicLink(rootfs.resolve("data"), Path.of("../../../../inside"));
    var mounts = resolver.register(C1, config("/data"), hostConfig(null, null, null, null), ids);
    resolver.setUp(C1, null, rootfs);
    assertThat(Path.of(mounts.getFirst().source()).resolve("f")).hasContent("image");
  }

}
