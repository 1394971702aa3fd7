package dev.berth.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.os.Mounts;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converted whiteouts really hide lower files when overlayfs mounts the layers (needs root). */
class OverlayWhiteoutTest {
  @TempDir Path root;

  @Test
  void whiteoutsAndOpaqueFoldersHideLowerContent() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "mounting overlayfs needs root");
    var store = new LayerStore(root.resolve("overlay"));
    var bottom = store.apply(null, new ByteArrayInputStream(new TarBuilder()
        .file("a/gone", "1").file("a/kept", "2").file("dir/old", "3").build()), null, null);
    var top = store.apply(bottom.chainId(), new ByteArrayInputStream(new TarBuilder()
        .file("a/.wh.gone", "").dir("dir", 0755).file("dir/.wh..wh..opq", "").file("dir/new", "4").build()), null, null);
    var mount = new OverlayContainerLayers(store).prepare("wh0", List.of(bottom.key(), top.key()));
    Mounts.mountOverlay(mount.options(), mount.target());
    try {
      var merged = mount.target();
      assertThat(merged.resolve("a/kept")).hasContent("2");
      assertThat(merged.resolve("a/gone")).doesNotExist();
      try (var names = Files.list(merged.resolve("dir"))) {
        assertThat(names.map(p -> p.getFileName().toString()).toList()).containsExactly("new");
      }
    } finally {
      Mounts.unmount(mount.target(), 0);
      new OverlayContainerLayers(store).remove("wh0");
    }
  }
}
