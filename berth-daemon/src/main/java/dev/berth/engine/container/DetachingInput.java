package dev.berth.engine.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Client stdin with the detach sequence taken out (dockerd's {@code copyEscapable} on moby/term's
 * escape proxy). Keys that start the sequence are held back; when the next key does not continue it,
 * the held keys and that key pass on unchanged, so a partial match never swallows input. Once the
 * whole sequence was read, reads throw {@link DetachKeys.Detached}. Unlike moby, which matches only
 * reads of exactly one byte (one keystroke from a terminal), the sequence is found anywhere in the
 * stream, so keys that arrive in one network packet detach as well. Not thread-safe.
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
        pass(java.util.Arrays.copyOf(keys, matched)); // held keys still reach the process
        matched = 0;
      } else {
        pass(filter(n));
      }
    }
  }

  private byte[] filter(int n) {
    var out = new ByteArrayOutputStream(n + keys.length);
    for (int i = 0; i < n; i++) {
      byte b = buf[i];
      if (b == keys[matched]) {
        if (++matched == keys.length) {
          detached = true;
          matched = 0;
          break; // what follows the sequence is not the container's
        }
      } else {
        out.write(keys, 0, matched);
        matched = 0;
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  private void pass(byte[] bytes) {
    pending = bytes;
    pendingPos = 0;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
