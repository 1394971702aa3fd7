package dev.berth.os;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A connected AF_UNIX SOCK_SEQPACKET socket (java.nio has only stream sockets). One {@link #read}
 * returns one packet. {@code read} blocks in the kernel: call it from a platform thread. One reader
 * and one writer may use it at once; {@link #close} from any thread wakes a blocked reader.
 */
public final class SeqPacketSocket implements Closeable {
  private static final int AF_UNIX = 1;
  private static final int SOCK_SEQPACKET = 5;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int SHUT_WR = 1;
  private static final int SHUT_RDWR = 2;
  private static final int MAX_PATH = 107;

  private final int fd;
  private int inFlight;
  private boolean closed;
  private boolean released;

  private SeqPacketSocket(int fd) {
    this.fd = fd;
  }

  /**
   * Connects to {@code path}. A path longer than sun_path allows is reached through an O_PATH
   * handle on its directory ({@code /proc/self/fd/N/name}).
   */
  public static SeqPacketSocket connect(Path path) throws ErrnoException {
    int fd = Native.socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    try {
      var text = path.toString();
      if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_PATH) {
        Native.connectUnix(fd, text);
      } else {
        int dir = Native.open(path.toAbsolutePath().getParent().toString(), Native.O_PATH | Native.O_DIRECTORY);
        try {
          Native.connectUnix(fd, "/proc/self/fd/" + dir + "/" + path.getFileName());
        } finally {
          Native.close(dir);
        }
      }
      return new SeqPacketSocket(fd);
    } catch (ErrnoException e) {
      Native.close(fd);
      throw e;
    }
  }

  /** Reads one packet into {@code buffer}; returns its length, or -1 at EOF or after close. */
  public int read(byte[] buffer) throws IOException {
    if (!enter()) return -1;
    try {
      int n = Native.read(fd, buffer, 0, buffer.length);
      return n <= 0 ? -1 : n;
    } finally {
      leave();
    }
  }

  /** Sends {@code length} bytes as one packet. */
  public void write(byte[] data, int offset, int length) throws IOException {
    if (!enter()) throw new IOException("socket closed");
    try {
      Native.write(fd, data, offset, length);
    } finally {
      leave();
    }
  }

  /** shutdown(SHUT_WR): the peer reads EOF; reading still works. */
  public void shutdownOutput() throws IOException {
    if (!enter()) return;
    try {
      Native.shutdown(fd, SHUT_WR);
    } finally {
      leave();
    }
  }

  /** Shuts the socket down (waking a blocked reader) and closes the fd once no call is in flight. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    try {
      Native.shutdown(fd, SHUT_RDWR);
    } catch (ErrnoException ignored) {
      // already disconnected: nothing to wake
    }
    leaveOrRelease();
  }

  private synchronized boolean enter() {
    if (closed) return false;
    inFlight++;
    return true;
  }

  private void leave() {
    synchronized (this) {
      inFlight--;
    }
    leaveOrRelease();
  }

  /** The fd is closed only when no call uses it, so a racing reader never reads a reused fd. */
  private void leaveOrRelease() {
    synchronized (this) {
      if (!closed || inFlight > 0 || released) return;
      released = true;
    }
    Native.close(fd);
  }
}
