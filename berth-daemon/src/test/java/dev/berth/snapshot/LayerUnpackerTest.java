package dev.berth.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import dev.berth.content.Digest;
import dev.berth.os.FileCalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CVE-2014-6407 class of hostile layers never writes outside the layer root. */
class LayerUnpackerTest {
  @TempDir Path tmp;
  Path root;
  Path victim;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("root"));
    victim = Files.createDirectories(tmp.resolve("victim"));
    Files.writeString(victim.resolve("hello"), "untouched");
  }

  private LayerUnpacker.Result unpack(byte[] tar) throws IOException {
    return LayerUnpacker.unpack(new ByteArrayInputStream(tar), root);
  }

  private void assertVictimUntouched() throws IOException {
    try (var files = Files.list(victim)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("hello");
    }
    assertThat(Files.readString(victim.resolve("hello"))).isEqualTo("untouched");
  }

  @Test
  void dotDotNamesStayInsideTheRoot() throws IOException {
    unpack(new TarBuilder().file("../victim/dotdot", "x").file("/../victim/slash-dotdot", "y").build());
    assertVictimUntouched();
    assertThat(root.resolve("victim/dotdot")).hasContent("x");
    assertThat(root.resolve("victim/slash-dotdot")).hasContent("y");
  }

  @Test
  void hardlinkOutsideTheRootIsRefused() throws IOException {
    assertThatThrownBy(() -> unpack(new TarBuilder().hardlink("dotdot", "../../victim/hello").build()))
        .isInstanceOf(IOException.class).hasMessageContaining("invalid hardlink");
    assertVictimUntouched();
  }

  @Test
  void symlinkClimbingOutIsKeptButWritesThroughItStayInside() throws IOException {
    var tar = new TarBuilder().dir("dir", 0755).symlink("dir/loophole", "../../victim").file("dir/loophole/x", "evil").build();
    unpack(tar);
    assertVictimUntouched();
    assertThat(Files.readSymbolicLink(root.resolve("dir/loophole")).toString()).isEqualTo("../../victim");
    assertThat(root.resolve("victim/x")).hasContent("evil");
  }

  @Test
  void writeThroughAnAbsoluteSymlinkLandsInsideTheRoot() throws IOException {
    var tar = new TarBuilder().symlink("loophole", victim.toString()).file("loophole/x", "evil")
        .symlink("rel", "loophole").file("rel/y", "evil2").build();
    unpack(tar);
    assertVictimUntouched();
    var inside = root.resolve(victim.toString().substring(1));
    assertThat(inside.resolve("x")).hasContent("evil");
    assertThat(inside.resolve("y")).hasContent("evil2");
    assertThat(Files.isSymbolicLink(root.resolve("loophole"))).isTrue();
  }

  @Test
  void hardlinkThroughASymlinkedAncestorStaysInside() throws IOException {
    var tar = new TarBuilder().symlink("up", "/").file("a", "A").hardlink("b", "up/up/a").build();
    unpack(tar);
    assertVictimUntouched();
    assertThat(root.resolve("b")).hasContent("A");
  }

  @Test
  void aFinalSymlinkIsReplacedNotFollowed() throws IOException {
    var tar = new TarBuilder().symlink("f", victim.resolve("hello").toString()).file("f", "new").build();
    unpack(tar);
    assertVictimUntouched();
    assertThat(Files.isSymbolicLink(root.resolve("f"))).isFalse();
    assertThat(root.resolve("f")).hasContent("new");
  }

  @Test
  void whiteoutsBecomeOverlayWhiteouts() throws IOException {
    var tar = new TarBuilder().dir("etc", 0755).file("etc/.wh.passwd", "").dir("opt", 0755).file("opt/.wh..wh..opq", "").build();
    unpack(tar);
    var wh = root.resolve("etc/passwd");
    assertThat((int) Files.getAttribute(wh, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000).isEqualTo(FileCalls.S_IFCHR);
    assertThat((long) Files.getAttribute(wh, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).isZero();
    assertThat(FileCalls.getXattr(root.resolve("opt"), "trusted.overlay.opaque")).hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("y"));
    assertThat(root.resolve("opt/.wh..wh..opq")).doesNotExist();
  }

  @Test
  void modesOwnersTimesAndXattrsAreKept() throws IOException {
    var tar = new TarBuilder().file("bin/su", "x", 04755, 1000, 1001).xattr("cap", "user.test", "v").dir("tmp", 01777).build();
    unpack(tar);
    var su = root.resolve("bin/su");
    assertThat((int) Files.getAttribute(su, "unix:mode") & 07777).isEqualTo(04755);
    assertThat((int) Files.getAttribute(su, "unix:uid")).isEqualTo(1000);
    assertThat((int) Files.getAttribute(su, "unix:gid")).isEqualTo(1001);
    assertThat(Files.getLastModifiedTime(su).toInstant().toString()).isEqualTo("2020-01-02T03:04:05Z");
    assertThat((int) Files.getAttribute(root.resolve("tmp"), "unix:mode") & 07777).isEqualTo(01777);
    assertThat(FileCalls.getXattr(root.resolve("cap"), "user.test")).isPresent();
  }

  @Test
  void diffIdIsTheDigestOfTheUncompressedTarWhateverTheCompression() throws IOException {
    var tar = new TarBuilder().file("a", "hello").build();
    var gz = new ByteArrayOutputStream();
    try (var out = new GZIPOutputStream(gz)) {
      out.write(tar);
    }
    var zst = new ByteArrayOutputStream();
    try (var out = new ZstdOutputStream(zst)) {
      out.write(tar);
    }
    for (var form : List.of(tar, gz.toByteArray(), zst.toByteArray())) {
      var r = LayerUnpacker.unpack(new ByteArrayInputStream(form), Files.createTempDirectory(tmp, "l"));
      assertThat(r.diffId()).isEqualTo(Digest.of(tar));
      assertThat(r.tarSize()).isEqualTo(tar.length);
      assertThat(r.size()).isEqualTo(5);
    }
  }
}
