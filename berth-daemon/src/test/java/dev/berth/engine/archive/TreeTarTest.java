package dev.berth.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeTarTest {
  @TempDir Path root;

  @Test
  void writesEntriesInNameOrderWithLinksAndLeavesSkippedOnlyFoldersOut() throws IOException {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/hostname"), "");
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/b/f"), "data");
    Files.createLink(root.resolve("a/hard"), root.resolve("a/b/f"));
    Files.createSymbolicLink(root.resolve("link"), Path.of("/a/b/f"));
    Files.createDirectories(root.resolve("empty"));
    var entries = tar(new TreeTar.Options(false, name -> name.equals("etc/hostname")));
    assertThat(entries.stream().map(TarArchiveEntry::getName).toList())
        .containsExactly("a/", "a/b/", "a/b/f", "a/hard", "empty/", "link");
    assertThat(entries.get(3).isLink()).isTrue();
    assertThat(entries.get(3).getLinkName()).isEqualTo("a/b/f");
    assertThat(entries.get(5).getLinkName()).isEqualTo("/a/b/f");
  }

  @Test
  void anEmptyTreeIsTheEmptyTarMobyRecognises() throws IOException {
    var out = new ByteArrayOutputStream();
    try (var dir = DirFd.open(root); var tar = new TreeTar(out, TreeTar.Options.PLAIN)) {
      tar.writeChildren(dir, "");
      tar.finish();
    }
    assertThat(out.toByteArray()).isEqualTo(new byte[1024]);
  }

  private List<TarArchiveEntry> tar(TreeTar.Options options) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var dir = DirFd.open(root); var tar = new TreeTar(out, options)) {
      tar.writeChildren(dir, "");
      tar.finish();
    }
    var list = new ArrayList<TarArchiveEntry>();
    try (var in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) list.add(e);
    }
    return list;
  }
}
