package dev.berth.engine.container;

import java.io.IOException;
import java.io.InputStream;

/**
 * Client stdin with the detach sequence taken out, as dockerd's {@code copyEscapable} on moby/term's
 * escape proxy does it: only a read of exactly one byte (one keystroke) can match a key. A key
 * that starts the sequence is held back; when the next read does not continue it, the held keys
 * and what was read pass on unchanged, so a partial match never swallows input. Keys that arrive
 * together in one read are typed text, not a detach: the CLI sends a key it did not take as its own
 * detach in one such piece, and detaching it here would leave the CLI waiting for the container.
 * Once the whole sequence was read, reads throw {@link DetachKeys.Detached}. Not thread-safe.
 */
final class DetachingInput extends InputStream {
  private final InputStream in;
  private final byte[] keys;
  private final byte[] buf = new byte[8192];
  private int matched;
  private byte[] pending = new byte[0];
  private int pendingPos;
  private boolean detached;
  private boolean eof;

  DetachingInput(InputStream in, byte[] keys) {
    this.in = in;
    this.keys = keys.clone();
  }

  @Override
  public int read() throws IOException {
    var one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    while (true) {
      if (pendingPos < pending.length) {
        int n = Math.min(len, pending.length - pendingPos);
        System.arraycopy(pending, pendingPos, b, off, n);
        pendingPos += n;
        return n;
      }
      if (detached) throw new DetachKeys.Detached();
      if (eof) return -1;
      int n = in.read(buf);
      if (n < 0) {
        eof = true;
        passHeldAnd(0); // held keys still reach the process
      } else if (n == 1 && buf[0] == keys[matched]) {
        if (++matched == keys.length) detached = true;
      } else {
        passHeldAnd(n);
      }
    }
  }

  /** Queues the held keys and the first {@code n} bytes read. */
  private void passHeldAnd(int n) {
    var out = new byte[matched + n];
    System.arraycopy(keys, 0, out, 0, matched);
    System.arraycopy(buf, 0, out, matched, n);
    matched = 0;
    pending = out;
    pendingPos = 0;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
