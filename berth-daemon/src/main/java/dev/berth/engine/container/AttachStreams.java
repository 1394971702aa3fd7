package dev.berth.engine.container;

import java.io.IOException;
import java.io.InputStream;

/**
 * The client's side of an attach, opened (hijacked) by the API once the request is valid. Output
 * is written by one thread at a time; {@link #stdin()} is read by another.
 */
public interface AttachStreams {
  /** The client's stdin bytes; ends at the client's half-close. */
  InputStream stdin();

  /** Writes container output; {@code stream} is 1 (stdout) or 2 (stderr). Throws when the client went away. */
  void write(int stream, byte[] data) throws IOException;
}
