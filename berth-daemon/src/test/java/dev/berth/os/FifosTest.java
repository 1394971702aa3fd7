package dev.berth.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FifosTest {
  @TempDir Path tmp;

  @Test
  void aReaderOpenedFirstKeepsWhatAWriterWroteAndClosedBeforeTheRead() throws Exception {
    var fifo = tmp.resolve("answer");
    Fifos.mkfifo(fifo, 0600);
    try (var reader = Fifos.Reader.open(fifo)) {
      // the writer (as conmon) opens with O_RDWR, writes, and is gone before anyone reads
      try (var out = new java.io.RandomAccessFile(fifo.toFile(), "rw")) {
        out.write("{\"data\": 7}\n".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(reader.readLine(Duration.ofSeconds(10))).isEqualTo("{\"data\": 7}");
    }
  }

  @Test
  void readsTheFirstLineAWriterSends() throws Exception {
    var fifo = tmp.resolve("sync");
    Fifos.mkfifo(fifo, 0600);
    assertThat(Files.isRegularFile(fifo)).isFalse();
    var writer = Thread.ofPlatform().start(() -> {
      try (var out = new FileOutputStream(fifo.toFile())) {
        out.write("{\"data\": 42}\n{\"more\": 1}\n".getBytes(StandardCharsets.UTF_8));
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    assertThat(readLine(fifo, Duration.ofSeconds(10))).isEqualTo("{\"data\": 42}");
    writer.join();
  }

  @Test
  void returnsWhatWasWrittenWhenTheWriterClosesWithoutNewline() throws Exception {
    var fifo = tmp.resolve("sync");
    Fifos.mkfifo(fifo, 0600);
    var writer = Thread.ofPlatform().start(() -> {
      try (var out = new FileOutputStream(fifo.toFile())) {
        out.write("partial".getBytes(StandardCharsets.UTF_8));
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    assertThat(readLine(fifo, Duration.ofSeconds(10))).isEqualTo("partial");
    writer.join();
  }

  @Test
  void timesOutWhenNoWriterComes() throws Exception {
    var fifo = tmp.resolve("sync");
    Fifos.mkfifo(fifo, 0600);
    assertThatThrownBy(() -> readLine(fifo, Duration.ofMillis(120))).isInstanceOf(TimeoutException.class);
  }

  @Test
  void nonBlockingWriteWithoutReaderFailsWithEnxio() throws Exception {
    var fifo = tmp.resolve("ctl");
    Fifos.mkfifo(fifo, 0600);
    assertThatThrownBy(() -> Fifos.writeNonBlocking(fifo, new byte[] {1}))
        .isInstanceOf(ErrnoException.class)
        .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(ErrnoException.ENXIO));
  }

  @Test
  void mkfifoOnAnExistingPathFails() throws Exception {
    var file = Files.createFile(tmp.resolve("f"));
    assertThatThrownBy(() -> Fifos.mkfifo(file, 0600)).hasMessageEndingWith("File exists (errno 17)");
  }

  private static String readLine(Path fifo, Duration timeout) throws Exception {
    try (var reader = Fifos.Reader.open(fifo)) {
      return reader.readLine(timeout);
    }
  }
}
