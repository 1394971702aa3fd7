package dev.berth.api.server;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A hijacked connection. {@link #in()} yields the client's bytes (stdin) and ends at the client's
 * half-close; {@link #out()} writes raw bytes with backpressure. {@link #close()} closes both ways.
 * Each {@code out().write(b, off, len)} is sent at once as one unit, so several threads (stdout and
 * stderr pumps) may share {@code out()} as long as each writes a whole frame per call. One reader
 * for {@code in()}.
 */
public interface Hijacked extends Closeable {
  InputStream in();

  OutputStream out();

  /** Half-closes our side (the client sees EOF) while still reading the client's input. */
  void closeWrite();

  @Override
  void close();
}
