package dev.berth.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.logs.LogEntry;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StdStreamWriterTest {
  @Test
  void multiplexedFramesHaveMobysEightByteHeader() throws Exception {
    var out = new ByteArrayOutputStream();
    var w = new StdStreamWriter(out, true);
    w.write(2, "err\n".getBytes());
    assertThat(out.toByteArray()).containsExactly(2, 0, 0, 0, 0, 0, 0, 4, 'e', 'r', 'r', '\n');
  }

  @Test
  void ttyOutputIsRaw() throws Exception {
    var out = new ByteArrayOutputStream();
    new StdStreamWriter(out, false).write(1, "hi\r\n".getBytes());
    assertThat(out.toString()).isEqualTo("hi\r\n");
  }

  @Test
  void contentTypesByTtyAndVersion() {
    assertThat(StdStreamWriter.contentType(false, true)).isEqualTo("application/vnd.docker.multiplexed-stream");
    assertThat(StdStreamWriter.contentType(false, false)).isEqualTo("application/vnd.docker.raw-stream");
    assertThat(StdStreamWriter.contentType(true, true)).isEqualTo("application/vnd.docker.raw-stream");
  }

  @Test
  void timestampsHaveNineFractionDigitsInsideTheFrame() throws Exception {
    var out = new ByteArrayOutputStream();
    new LogFrames(new StdStreamWriter(out, false), true)
        .write(new LogEntry(1, Instant.parse("2026-11-27T17:14:06.4851Z"), "tick\n".getBytes()));
    assertThat(out.toString()).isEqualTo("2026-11-27T17:14:06.485100000Z tick\n");
  }
}
