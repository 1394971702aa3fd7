package dev.berth.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySizeTest {
  @Test
  void countsRegularFilesBelowAndNotWhatSymlinksPointAt(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("a"), new byte[100]);
    Files.createDirectories(dir.resolve("sub/deeper"));
    Files.write(dir.resolve("sub/deeper/b"), new byte[23]);
    var outside = Files.createTempFile("dirsize", "");
    try {
      Files.write(outside, new byte[5000]);
      Files.createSymbolicLink(dir.resolve("link"), outside);
      assertThat(DirectorySize.of(dir)).isEqualTo(123);
    } finally {
      Files.delete(outside);
    }
  }

  @Test
  void aMissingDirectoryOrAFileIsMinusOne(@TempDir Path dir) throws Exception {
    assertThat(DirectorySize.of(dir.resolve("absent"))).isEqualTo(-1);
    assertThat(DirectorySize.of(Files.writeString(dir.resolve("f"), "x"))).isEqualTo(-1);
    assertThat(DirectorySize.of(null)).isEqualTo(-1);
  }
}
