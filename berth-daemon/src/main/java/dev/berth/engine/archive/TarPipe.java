package dev.berth.engine.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Turns a writer of a stream into a reader: the writer runs on its own virtual thread and hands
 * over chunks through a small bounded queue (a few MiB in flight at most); the reader sees the
 * writer's failure as an {@link IOException} at the end instead of a silently short stream.
 * Closing the reader early stops the writer (its next write fails).
 */
public final class TarPipe {
  /** Writes the whole stream to {@code out}; the pipe closes {@code out} afterwards. */
  public interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  private static final int CHUNK = 1 << 16;
  private static final byte[] END = new byte[0];

  private TarPipe() {}

  public static InputStream of(Writer writer) {
    var pipe = new Pipe();
    Thread.ofVirtual().name("tar-pipe").start(() -> {
      try (var out = pipe.writer()) {
        writer.writeTo(out);
      } catch (Throwable t) {
        pipe.failure = t;
      } finally {
        pipe.put(END);
      }
    });
    return pipe;
  }

  private static final class Pipe extends InputStream {
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(64);
    private volatile Throwable failure;
    private volatile boolean closed;
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;

    OutputStream writer() {
      return new OutputStream() {
        private byte[] buf = new byte[CHUNK];
        private int n;

        @Override
        public void write(int b) throws IOException {
          if (n == buf.length) flush();
          buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          while (len > 0) {
            if (n == buf.length) flush();
            int k = Math.min(len, buf.length - n);
            System.arraycopy(b, off, buf, n, k);
            n += k;
            off += k;
            len -= k;
          }
        }

        @Override
        public void flush() throws IOException {
          if (n == 0) return;
          if (closed) throw new IOException("the reader of the stream went away");
          put(java.util.Arrays.copyOf(buf, n));
          n = 0;
        }

        @Override
        public void close() throws IOException {
          flush();
        }
      };
    }

    void put(byte[] chunk) {
      try {
        while (!closed && !chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
          // wait for the reader, unless it closed
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public int read() throws IOException {
      var b = new byte[1];
      int n = read(b, 0, 1);
      return n < 0 ? -1 : b[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      while (pos == current.length) {
        if (ended) return -1;
        try {
          current = chunks.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException();
        }
        pos = 0;
        if (current == END) {
          ended = true;
          var t = failure;
          if (t != null) throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
          return -1;
        }
      }
      int k = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, k);
      pos += k;
      return k;
    }

    @Override
    public void close() {
      closed = true;
      chunks.clear();
    }
  }
}
