package dev.berth.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreeTest {
  @TempDir Path tmp;

  @Test
  void deletesATreeWithoutFollowingLinksAndAcceptsAnAbsentOne() throws Exception {
    var outside = Files.writeString(tmp.resolve("keep"), "x");
    var dir = Files.createDirectories(tmp.resolve("session/exits"));
    Files.writeString(dir.resolve("exit"), "0");
    Files.createSymbolicLink(tmp.resolve("session/link"), outside);
    FileTree.delete(tmp.resolve("session"));
    assertThat(tmp.resolve("session")).doesNotExist();
    assertThat(outside).exists();
    FileTree.delete(tmp.resolve("session"));
  }
}
