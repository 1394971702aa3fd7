package dev.berth.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayContainerLayersTest {
  @TempDir Path root;

  @Test
  void preparesUpperWorkMergedOverLowersTopMostFirstAndRemovesThem() throws Exception {
    var store = new LayerStore(root);
    var bottom = store.apply(null, new ByteArrayInputStream(new TarBuilder().file("a", "1").build()), null, null);
    var top = store.apply(bottom.chainId(), new ByteArrayInputStream(new TarBuilder().file("b", "2").build()), null, null);
    var layers = new OverlayContainerLayers(store);
    var mount = layers.prepare("c0ffee", List.of(bottom.key(), top.key()));
    assertThat(mount.lower()).containsExactly(store.diffDir(top.key()), store.diffDir(bottom.key()));
    assertThat(mount.upper()).isEqualTo(root.resolve("c0ffee/diff")).isDirectory();
    assertThat(mount.work()).isDirectory();
    assertThat(mount.target()).isEqualTo(root.resolve("c0ffee/merged")).isDirectory();
    assertThat(layers.prepare("c0ffee", List.of(bottom.key(), top.key()))).isEqualTo(mount);
    assertThat(mount.options()).startsWith("lowerdir=" + store.diffDir(top.key()) + ":" + store.diffDir(bottom.key()));
    layers.remove("c0ffee");
    layers.remove("c0ffee");
    assertThat(root.resolve("c0ffee")).doesNotExist();
    assertThat(store.diffDir(bottom.key()).resolve("a")).hasContent("1");
    assertThatThrownBy(() -> layers.prepare("../x", List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLayerIsUnpackedOnceAndACrashLeftoverIsCleanedAtStart() throws Exception {
    var store = new LayerStore(root);
    var tar = new TarBuilder().file("a", "1").build();
    var one = store.apply(null, new ByteArrayInputStream(tar), null, null);
    var two = store.apply(null, new ByteArrayInputStream(tar), one.diffId(), null);
    assertThat(two).isEqualTo(one);
    assertThatThrownBy(() -> store.apply(null, new ByteArrayInputStream(new TarBuilder().file("z", "9").build()), dev.berth.content.Digest.ofHex("1".repeat(64)), null))
        .hasMessageContaining("diff id mismatch");
    Files.createDirectories(root.resolve(".tmp-crashed/diff"));
    var reopened = new LayerStore(root);
    assertThat(root.resolve(".tmp-crashed")).doesNotExist();
    assertThat(reopened.get(one.chainId())).contains(one);
    try (var names = Files.list(root)) {
      assertThat(names.map(p -> p.getFileName().toString()).toList()).containsExactly(one.key());
    }
  }

  @Test
  void containersListsContainerLayersButNoImageLayerOrBuildTree() throws Exception {
    var store = new LayerStore(root);
    var image = store.apply(null, new ByteArrayInputStream(new TarBuilder().file("a", "1").build()), null, null);
    var layers = new OverlayContainerLayers(store);
    var id = "c".repeat(64);
    layers.prepare(id, List.of(image.key()));
    layers.prepare("build-1234", List.of(image.key()));
    assertThat(layers.containers()).containsExactly(java.util.Map.entry(id, root.resolve(id).resolve("merged")));
    layers.remove(id);
    assertThat(layers.containers()).isEmpty();
  }
}
