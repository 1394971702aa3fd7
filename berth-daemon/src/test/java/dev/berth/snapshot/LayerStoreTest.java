package dev.berth.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.content.ContentStore;
import dev.berth.content.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One read of a layer tar both unpacks it and stores it as the layer's blob. */
class LayerStoreTest {
  @TempDir Path tmp;
  ContentStore content;
  LayerStore layers;

  @BeforeEach
  void setUp() {
    content = new ContentStore(tmp.resolve("content"));
    layers = new LayerStore(tmp.resolve("overlay"));
  }

  @Test
  void applyKeepingUnpacksAndStoresTheBytesAsReadInOnePass() throws IOException {
    var tar = new TarBuilder().file("a/hello", "hi").file("b", "bee").build();
    var reads = new CountingStream(new ByteArrayInputStream(tar));
    Layer layer;
    try (var blob = content.newWriter()) {
      layer = layers.applyKeeping(null, reads, blob);
    }
    assertThat(reads.bytes).isEqualTo(tar.length);
    assertThat(layer.diffId()).isEqualTo(Digest.of(tar));
    assertThat(layer.blob()).isEqualTo(Digest.of(tar));
    assertThat(content.read(layer.blob())).isEqualTo(tar);
    assertThat(layers.diffDir(layer.key()).resolve("a/hello")).hasContent("hi");
    assertThat(layers.get(layer.chainId())).contains(layer);
    assertNoTemps();
  }

  @Test
  void aCompressedTarIsKeptCompressedWithTrailingBytesAndItsDiffIdIsTheTars() throws IOException {
    var tar = new TarBuilder().file("f", "data").build();
    var raw = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(raw)) {
      gz.write(tar);
    }
    raw.write(new byte[700]); // zero padding after the gzip member, as some tools write
    Layer layer;
    try (var blob = content.newWriter()) {
      layer = layers.applyKeeping(null, new ByteArrayInputStream(raw.toByteArray()), blob);
    }
    assertThat(layer.diffId()).isEqualTo(Digest.of(tar));
    assertThat(layer.blob()).isEqualTo(Digest.of(raw.toByteArray()));
    assertThat(content.read(layer.blob())).isEqualTo(raw.toByteArray());
    assertNoTemps();
  }

  @Test
  void aLayerThatExistsIsReturnedAndTheNewCopyOfItsBytesDropped() throws IOException {
    var tar = new TarBuilder().file("f", "same").build();
    var first = layers.apply(null, new ByteArrayInputStream(tar), null, null);
    Layer again;
    try (var blob = content.newWriter()) {
      again = layers.applyKeeping(null, new ByteArrayInputStream(tar), blob);
    }
    assertThat(again).isEqualTo(first);
    assertThat(content.list()).isEmpty();
    assertNoTemps();
  }

  @Test
  void aBadTarLeavesNoLayerNoBlobAndNoTemp() throws IOException {
    var hostile = new TarBuilder().file("ok", "x").hardlink("h", "../../outside").build();
    try (var blob = content.newWriter()) {
      assertThatThrownBy(() -> layers.applyKeeping(null, new ByteArrayInputStream(hostile), blob))
          .isInstanceOf(IOException.class).hasMessageContaining("invalid hardlink");
    }
    var truncated = java.util.Arrays.copyOf(new TarBuilder().file("big", "y".repeat(5000)).build(), 1500);
    try (var blob = content.newWriter()) {
      assertThatThrownBy(() -> layers.applyKeeping(null, new ByteArrayInputStream(truncated), blob))
          .isInstanceOf(IOException.class);
    }
    assertThat(layers.list()).isEmpty();
    assertThat(content.list()).isEmpty();
    assertNoTemps();
  }

  @Test
  void whatACrashMidUnpackLeavesIsRemovedAtTheNextStart() throws IOException {
    var blob = content.newWriter(); // never closed or published: the process died
    blob.write(new byte[4096]);
    var half = Files.createDirectories(layers.root().resolve(".tmp-" + java.util.UUID.randomUUID()).resolve("diff/a"));
    Files.writeString(half.resolve("f"), "half");
    new ContentStore(tmp.resolve("content"));
    assertThat(new LayerStore(tmp.resolve("overlay")).list()).isEmpty();
    assertNoTemps();
    blob.close();
  }

  private void assertNoTemps() throws IOException {
    for (var dir : new Path[] {layers.root(), content.path(Digest.of(new byte[0])).getParent()}) {
      try (var names = Files.list(dir)) {
        assertThat(names.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))).isEmpty();
      }
    }
  }

  private static final class CountingStream extends FilterInputStream {
    long bytes;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) bytes += n;
      return n;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) bytes++;
      return b;
    }
  }
}
