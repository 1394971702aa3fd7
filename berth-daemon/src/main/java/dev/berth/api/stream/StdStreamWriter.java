package dev.berth.api.stream;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes container output the way Docker clients read it (moby {@code pkg/stdcopy}): multiplexed
 * frames of an 8-byte header ({@code stream, 0, 0, 0, big-endian length}) and the payload for
 * non-TTY containers, raw bytes for TTY ones. Each write is flushed. Thread-safe (a frame is never
 * interleaved with another).
 */
public final class StdStreamWriter {
  public static final int STDIN = 0;
  public static final int STDOUT = 1;
  public static final int STDERR = 2;
  /** In-band daemon errors after the reply has begun. */
  public static final int SYSTEMERR = 3;
  public static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
  public static final String RAW = "application/vnd.docker.raw-stream";

  private final OutputStream out;
  private final boolean multiplexed;

  public StdStreamWriter(OutputStream out, boolean multiplexed) {
    this.out = out;
    this.multiplexed = multiplexed;
  }

  /**
   * The content type for a container with or without a TTY; moby switched non-TTY streams to the
   * multiplexed media type at API 1.42 ({@code atLeast142}).
   */
  public static String contentType(boolean tty, boolean atLeast142) {
    return !tty && atLeast142 ? MULTIPLEXED : RAW;
  }

  public boolean multiplexed() {
    return multiplexed;
  }

  public synchronized void write(int stream, byte[] data, int offset, int length) throws IOException {
    if (length == 0) return;
    if (multiplexed) {
      out.write(new byte[] {(byte) stream, 0, 0, 0,
          (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
    }
    out.write(data, offset, length);
    out.flush();
  }

  public void write(int stream, byte[] data) throws IOException {
    write(stream, data, 0, data.length);
  }
}
