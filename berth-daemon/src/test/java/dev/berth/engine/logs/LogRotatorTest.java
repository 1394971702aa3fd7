package dev.berth.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRotatorTest {
  @TempDir Path dir;
  final List<String> reopened = new ArrayList<>();

  /** A writer that reopens as conmon does: a new empty file at the path. */
  LogRotator rotator(Path file) {
    return new LogRotator(List::of, id -> {
      reopened.add(id);
      try {
        Files.writeString(file, "");
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
  }

  static LogRotator.Target target(Path file, long max, int files, boolean compress) {
    return new LogRotator.Target("c1", file, new LogSettings("json-file", max, files, compress, Map.of()), true);
  }

  @Test
  void aFileAtMaxSizeIsRotatedAndTheWriterReopens() throws IOException {
    var file = dir.resolve("c.log");
    Files.writeString(file, "x".repeat(100));
    var r = rotator(file);
    r.check(target(file, 100, 3, false));
    assertThat(reopened).containsExactly("c1");
    assertThat(Files.size(file)).isZero();
    assertThat(Files.readString(dir.resolve("c.log.1"))).hasSize(100);
    Files.writeString(file, "y".repeat(99));
    r.check(target(file, 100, 3, false));
    assertThat(reopened).hasSize(1);
  }

  @Test
  void keepsMaxFileFilesAndCompressesRotatedOnes() throws IOException {
    var file = dir.resolve("c.log");
    var r = rotator(file);
    for (int i = 0; i < 4; i++) {
      Files.writeString(file, Integer.toString(i).repeat(10));
      r.check(target(file, 10, 3, true));
    }
    assertThat(new LogFiles(file).rotated().stream().map(p -> p.getFileName().toString()))
        .containsExactly("c.log.2.gz", "c.log.1.gz");
    try (var in = LogFiles.open(dir.resolve("c.log.1.gz"))) {
      assertThat(new String(in.readAllBytes())).isEqualTo("3333333333");
    }
  }

  @Test
  void aRotationCutShortIsFinishedByAReopen() throws IOException {
    var file = dir.resolve("c.log");
    Files.writeString(dir.resolve("c.log.1"), "old");
    var r = rotator(file);
    r.check(target(file, 100, 3, true));
    assertThat(reopened).containsExactly("c1");
    r.check(target(file, 100, 3, true));
    assertThat(Files.exists(dir.resolve("c.log.1.gz"))).isTrue();
  }

  @Test
  void aGoneMonitorIsNotAnError() throws IOException {
    var file = dir.resolve("c.log");
    Files.writeString(file, "x".repeat(10));
    var r = new LogRotator(List::of, id -> {
      throw new IllegalStateException("monitor gone");
    });
    r.check(target(file, 10, 2, false));
    assertThat(Files.exists(dir.resolve("c.log.1"))).isTrue();
    assertThat(file).isEmptyFile(); // as dockerd, there is always a current file
  }
}
