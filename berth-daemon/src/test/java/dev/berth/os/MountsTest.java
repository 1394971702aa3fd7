package dev.berth.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

class MountsTest {
  @TempDir Path tmp;

  static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Test
  void unescapesMountinfoOctal() {
    assertThat(Mounts.unescape("/a\\040b\\011c\\134d")).isEqualTo("/a b\tc\\d");
    assertThat(Mounts.unescape("/plain")).isEqualTo("/plain");
    assertThat(Mounts.unescape("/bad\\04")).isEqualTo("/bad\\04");
  }

  @Test
  void rootIsAMountPointAndATempDirIsNot() {
    assertThat(Mounts.isMountPoint(Path.of("/"))).isTrue();
    assertThat(Mounts.isMountPoint(tmp)).isFalse();
  }

  @Test
  @EnabledIf("root")
  void failingMountReportsErrnoText() {
    assertThatThrownBy(() -> Mounts.mount("tmpfs", tmp.resolve("missing"), "tmpfs", 0, null))
        .isInstanceOf(ErrnoException.class)
        .hasMessageEndingWith(": No such file or directory (errno 2)")
        .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(ErrnoException.ENOENT));
  }

  @Test
  @EnabledIf("root")
  void mountsAndUnmountsAnOverlayWithASpaceInItsPath() throws Exception {
    var dir = Files.createDirectories(tmp.resolve("with space"));
    var lower = Files.createDirectories(dir.resolve("lower"));
    var upper = Files.createDirectories(dir.resolve("upper"));
    var work = Files.createDirectories(dir.resolve("work"));
    var merged = Files.createDirectories(dir.resolve("merged"));
    Files.writeString(lower.resolve("f"), "from lower");
    Mounts.mountOverlay("lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work, merged);
    try {
      assertThat(Mounts.isMountPoint(merged)).isTrue();
      assertThat(Mounts.mountPointsUnder(tmp)).containsExactly(merged);
      assertThat(Files.readString(merged.resolve("f"))).isEqualTo("from lower");
      Files.writeString(merged.resolve("g"), "new");
      assertThat(upper.resolve("g")).exists();
    } finally {
      Mounts.unmount(merged, Mounts.MNT_DETACH);
    }
    assertThat(Mounts.isMountPoint(merged)).isFalse();
    Mounts.unmountIfMounted(merged); // no-op now
  }

  @Test
  @EnabledIf("root")
  void overlayWithMoreLayersThanOnePageOfOptionsStillMounts() throws Exception {
    var layers = new java.util.ArrayList<Path>();
    var longName = "layer-" + "x".repeat(100);
    for (int i = 0; i < 60; i++) {
      var layer = Files.createDirectories(tmp.resolve(longName + i));
      Files.writeString(layer.resolve("f" + i), "layer " + i);
      layers.add(0, layer); // top-most first, as lowerdir wants
    }
    var upper = Files.createDirectories(tmp.resolve("upper"));
    var work = Files.createDirectories(tmp.resolve("work"));
    var merged = Files.createDirectories(tmp.resolve("merged"));
    var lowers = String.join(":", layers.stream().map(Path::toString).toList());
    var options = "lowerdir=" + lowers + ",upperdir=" + upper + ",workdir=" + work + ",index=off";
    assertThat(options.length()).isGreaterThan(4095);
    Mounts.mountOverlay(options, merged);
    try {
      assertThat(Files.readString(merged.resolve("f0"))).isEqualTo("layer 0");
      assertThat(Files.readString(merged.resolve("f59"))).isEqualTo("layer 59");
    } finally {
      Mounts.unmount(merged, Mounts.MNT_DETACH);
    }
    assertThat(Mounts.isMountPoint(merged)).isFalse();
  }
}
