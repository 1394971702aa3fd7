package dev.berth.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {
  @TempDir Path dir;

  Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  List<String> names(List<Path> paths) {
    return paths.stream().map(p -> p.getFileName().toString()).toList();
  }

  @Test
  void rotatedFilesAreListedOldestFirstAndOthersIgnored() throws IOException {
    var files = new LogFiles(write("c.log", "now"));
    write("c.log.1", "1");
    write("c.log.2.gz", "2");
    write("c.log.10", "10");
    write("c.log.tmp", "x");
    write("c.log.1.gz.tmp", "x");
    write("other.log.1", "x");
    assertThat(names(files.rotated())).containsExactly("c.log.10", "c.log.2.gz", "c.log.1");
  }

  @Test
  void shiftDropsTheOldestAndMovesTheCurrentToOne() throws IOException {
    var files = new LogFiles(write("c.log", "now"));
    write("c.log.1.gz", "1");
    write("c.log.2.gz", "2");
    files.shift(3);
    assertThat(Files.exists(dir.resolve("c.log"))).isFalse();
    assertThat(names(files.rotated())).containsExactly("c.log.2.gz", "c.log.1");
    assertThat(Files.readString(dir.resolve("c.log.2.gz"))).isEqualTo("1");
    assertThat(Files.readString(dir.resolve("c.log.1"))).isEqualTo("now");
  }

  @Test
  void withOneFileShiftKeepsNothingAside() throws IOException {
    var files = new LogFiles(write("c.log", "now"));
    files.shift(1);
    assertThat(files.rotated()).isEmpty();
    assertThat(Files.readString(dir.resolve("c.log"))).isEqualTo("now");
  }

  @Test
  void compressedFilesReadBackTheSame() throws IOException {
    var files = new LogFiles(write("c.log", "now"));
    write("c.log.1", "line one\nline two\n");
    files.compressRotated();
    assertThat(names(files.rotated())).containsExactly("c.log.1.gz");
    try (var in = LogFiles.open(dir.resolve("c.log.1.gz"))) {
      assertThat(new String(in.readAllBytes())).isEqualTo("line one\nline two\n");
    }
  }

  @Test
  void aPlainFileLeftBesideItsGzipIsListedOnce() throws IOException {
    var files = new LogFiles(write("c.log", "now"));
    write("c.log.1", "x");
    write("c.log.1.gz", "x");
    assertThat(names(files.rotated())).containsExactly("c.log.1");
  }
}
