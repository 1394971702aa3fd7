package dev.berth.engine.exec;

import java.io.IOException;
import java.io.InputStream;

/** The client's side of an attached exec start, opened (hijacked) by the API once the start is valid. */
public interface ExecStreams {
  /** The client's stdin; ends at the client's half-close. */
  InputStream stdin();

  /** Writes output; {@code stream} 1 = stdout, 2 = stderr. Throws when the client went away. */
  void write(int stream, byte[] data) throws IOException;
}
