package dev.berth.snapshot;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Hands every byte read from a stream to a tap (a digest, a blob being written) and counts them.
 * Skips read through, so skipped bytes reach the tap too; no mark/reset. One reader, one thread.
 */
final class TappedInputStream extends FilterInputStream {
  /** Receives each run of bytes as it is read. */
  interface Tap {
    void accept(byte[] b, int off, int len) throws IOException;
  }

  private final Tap tap;
  private long count;

  TappedInputStream(InputStream in, Tap tap) {
    super(in);
    this.tap = tap;
  }

  /** Bytes read so far. */
  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    var one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      tap.accept(b, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    var buf = new byte[8192];
    long done = 0;
    while (done < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {
    // not supported: a reset would hand the same bytes to the tap twice
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }
}
