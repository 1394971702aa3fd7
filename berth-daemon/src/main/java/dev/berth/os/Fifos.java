package dev.berth.os;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Named pipes: create, read a line with a deadline through a {@link Reader} opened before the
 * writer starts (a fifo's data is gone once nobody holds it open), write without blocking.
 */
public final class Fifos {
  private static final int POLL_SLICE_MILLIS = 50;

  private Fifos() {}

  /** mkfifo(3) with {@code mode} (e.g. 0600). */
  public static void mkfifo(Path path, int mode) throws ErrnoException {
    Native.mkfifo(path.toString(), mode);
  }

  /**
   * A fifo held open for reading (without waiting for a writer): what a writer writes before it
   * closes stays readable. End of file comes only once a writer that came after the open has gone.
   */
  public static final class Reader implements AutoCloseable {
    private final Path fifo;
    private final int fd;

    private Reader(Path fifo, int fd) {
      this.fifo = fifo;
      this.fd = fd;
    }

    public static Reader open(Path fifo) throws ErrnoException {
      return new Reader(fifo, Native.open(fifo.toString(), Native.O_RDONLY | Native.O_NONBLOCK));
    }

    /**
     * Reads up to the first newline (what follows it is dropped). Polls in short slices, so a
     * virtual thread is pinned only briefly at a time.
     *
     * @return the line without its newline, or what was read before every writer closed
     * @throws TimeoutException when neither a line nor EOF came within {@code timeout}
     */
    public String readLine(Duration timeout) throws IOException, TimeoutException {
      long deadline = System.nanoTime() + timeout.toNanos();
      var out = new ByteArrayOutputStream();
      var buf = new byte[4096];
      while (true) {
        short revents = Native.poll(fd, Native.POLLIN, POLL_SLICE_MILLIS);
        if ((revents & Native.POLLIN) != 0 || (revents & (Native.POLLHUP | Native.POLLERR)) != 0) {
          int n = Native.read(fd, buf, 0, buf.length);
          if (n == 0) return out.toString(StandardCharsets.UTF_8); // every writer closed
          if (n > 0) {
            for (int i = 0; i < n; i++) {
              if (buf[i] == '\n') {
                out.write(buf, 0, i);
                return out.toString(StandardCharsets.UTF_8);
              }
            }
            out.write(buf, 0, n);
          }
        }
        if (System.nanoTime() > deadline) throw new TimeoutException("no line from " + fifo + " within " + timeout);
      }
    }

    @Override
    public void close() {
      Native.close(fd);
    }
  }

  /**
   * Writes {@code data} to a fifo if a reader has it open; never blocks on a fifo nobody reads.
   *
   * @throws ErrnoException ENXIO when no process has the fifo open for reading
   */
  public static void writeNonBlocking(Path fifo, byte[] data) throws ErrnoException {
    int fd = Native.open(fifo.toString(), Native.O_WRONLY | Native.O_NONBLOCK);
    try {
      Native.write(fd, data, 0, data.length);
    } finally {
      Native.close(fd);
    }
  }
}
