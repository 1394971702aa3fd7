package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Clients of a StdinOnce container share one conmon connection: leaving never closes the container's stdin. */
class SharedConmonIoTest {
  /** A conmon connection: output the test feeds, stdin and half-close recorded. */
  private static final class FakeConnection implements ContainerIo {
    final LinkedBlockingQueue<Chunk> output = new LinkedBlockingQueue<>();
    final List<String> stdin = new CopyOnWriteArrayList<>();
    final AtomicInteger stdinCloses = new AtomicInteger();
    volatile boolean closed;

    @Override
    public Chunk read() throws IOException {
      try {
        var c = output.take();
        return c.stream() == 0 ? null : c;
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
    }

    @Override
    public void write(byte[] data, int offset, int length) {
      stdin.add(new String(data, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void closeStdin() {
      stdinCloses.incrementAndGet();
    }

    @Override
    public void close() {
      closed = true;
      output.add(new Chunk(0, new byte[0]));
    }

    void print(String text) {
      output.add(new Chunk(1, text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static String text(ContainerIo.Chunk c) {
    return c == null ? null : new String(c.data(), StandardCharsets.UTF_8);
  }

  @Test
  void aClientLeavingLeavesTheConnectionAndStdinAlone() throws Exception {
    var conn = new FakeConnection();
    var ended = new CountDownLatch(1);
    var shared = new SharedConmonIo(conn, "c0ffee", ended::countDown);
    var typist = shared.view();
    var watcher = shared.view();
    conn.print("one\n");
    assertThat(text(typist.read())).isEqualTo("one\n");
    assertThat(text(watcher.read())).isEqualTo("one\n");
    watcher.close();
    assertThat(watcher.read()).isNull();
    assertThat(conn.closed).isFalse();
    assertThat(conn.stdinCloses).hasValue(0);
    typist.write("two\n".getBytes(StandardCharsets.UTF_8), 0, 4);
    conn.print("got two\n");
    assertThat(text(typist.read())).isEqualTo("got two\n");
    assertThat(conn.stdin).containsExactly("two\n");
    typist.closeStdin();
    typist.closeStdin();
    assertThat(conn.stdinCloses).hasValue(1);
    conn.print("last words\n");
    conn.close(); // the container exited: conmon ends the connection
    assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(text(typist.read())).isEqualTo("last words\n"); // not dropped by the end
    assertThat(typist.read()).isNull();
    assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(shared.view()).isNull();
  }

  @Test
  void closeEndsEveryViewAndTheConnection() throws Exception {
    var conn = new FakeConnection();
    var shared = new SharedConmonIo(conn, "c0ffee", () -> {});
    var one = shared.view();
    var two = shared.view();
    shared.close();
    assertThat(one.read()).isNull();
    assertThat(two.read()).isNull();
    assertThat(conn.closed).isTrue();
    assertThat(shared.view()).isNull();
  }
}
