package dev.berth.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
  @TempDir Path root;

  @Test
  void storesBlobsUnderTheirDigestAndRefusesMismatches() throws Exception {
    var store = new ContentStore(root);
    var data = "hello".getBytes(StandardCharsets.UTF_8);
    var d = store.write(data);
    assertThat(d.toString()).isEqualTo("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    assertThat(root.resolve("blobs/sha256/" + d.hex())).hasContent("hello");
    assertThat(store.read(d)).isEqualTo(data);
    var wrong = Digest.ofHex("0".repeat(64));
    assertThatThrownBy(() -> store.write(new ByteArrayInputStream("x".getBytes()), wrong)).isInstanceOf(DigestMismatchException.class);
    assertThat(store.exists(wrong)).isFalse();
    try (var files = Files.list(root.resolve("blobs/sha256"))) {
      assertThat(files.count()).isEqualTo(1);
    }
    assertThat(store.write(new ByteArrayInputStream(data), null)).isEqualTo(d);
    store.delete(d);
    assertThat(store.exists(d)).isFalse();
  }

  @Test
  void digestsAreCheckedWhenBuilt() {
    assertThat(Digest.parse("sha256:" + "a".repeat(64)).shortHex()).isEqualTo("aaaaaaaaaaaa");
    assertThatThrownBy(() -> Digest.parse("sha256:" + "A".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Digest.parse("sha256:abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Digest.parse("md5:" + "a".repeat(64))).hasMessage("unsupported digest algorithm: md5");
    assertThatThrownBy(() -> Digest.parse("nocolon")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void adoptTakesAVerifiedFileInAndLeavesAWrongOne() throws Exception {
    var store = new ContentStore(root.resolve("store"));
    var good = Files.writeString(root.resolve("good"), "hello");
    var d = Digest.of("hello".getBytes(StandardCharsets.UTF_8));
    var bad = Files.writeString(root.resolve("bad"), "hellx");
    assertThatThrownBy(() -> store.adopt(bad, d)).isInstanceOf(DigestMismatchException.class);
    assertThat(store.exists(d)).isFalse();
    assertThat(bad).exists();
    store.adopt(good, d);
    assertThat(store.read(d)).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    assertThat(good).doesNotExist();
  }

  @Test
  void aBlobWriterShowsNothingUntilPublishedAndLeavesNothingWhenClosedUnpublished() throws Exception {
    var store = new ContentStore(root);
    var d = Digest.of("hello".getBytes(StandardCharsets.UTF_8));
    try (var w = store.newWriter()) {
      w.write("hel".getBytes(StandardCharsets.UTF_8));
      w.write('l');
      w.write('o');
      assertThat(w.seal()).isEqualTo(d);
      assertThat(store.exists(d)).isFalse();
      assertThatThrownBy(() -> w.write('x')).isInstanceOf(java.io.IOException.class);
    }
    assertThat(store.list()).isEmpty();
    try (var w = store.newWriter()) {
      w.write("hellx".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> w.publish(d)).isInstanceOf(DigestMismatchException.class);
    }
    try (var w = store.newWriter()) {
      w.write("hello".getBytes(StandardCharsets.UTF_8));
      assertThat(w.publish(d)).isEqualTo(d);
    }
    assertThat(store.list()).containsExactly(d);
    try (var files = Files.list(root.resolve("blobs/sha256"))) {
      assertThat(files.count()).isEqualTo(1);
    }
  }
}
