package dev.berth.engine.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a writer of a stream into a reader: the writer runs on its own virtual thread; the reader
 * sees its failure as an {@link IOException} at the end instead of a silently short stream. Closing
 * the reader early stops the writer (its next write fails).
 */
public final class TarPipe {
  /** Writes the whole stream to {@code out}; the pipe closes {@code out} afterwards. */
  public interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  private TarPipe() {}

  public static InputStream of(Writer writer) throws IOException {
    var in = new PipedInputStream(1 << 16);
    var out = new PipedOutputStream(in);
    var done = new CompletableFuture<Void>();
    Thread.ofVirtual().name("tar-pipe").start(() -> {
      try (out) {
        writer.writeTo(out);
        done.complete(null);
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    });
    return new InputStream() {
      @Override
      public int read() throws IOException {
        var b = new byte[1];
        int n = read(b, 0, 1);
        return n < 0 ? -1 : b[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
          n = in.read(b, off, len);
        } catch (IOException broken) {
          n = -1;
        }
        if (n < 0) {
          check();
        }
        return n;
      }

      private void check() throws IOException {
        try {
          done.join();
        } catch (java.util.concurrent.CompletionException e) {
          var cause = e.getCause();
          throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }
}
