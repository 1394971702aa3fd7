package dev.berth.runtime;

import java.io.Closeable;
import java.io.IOException;

/** A connection to a running container's stdio through its monitor. Not thread-safe per direction. */
public interface ContainerIo extends Closeable {
  /** The next chunk of output, or null at EOF (the container exited or the monitor went away). */
  Chunk read() throws IOException;

  /** Writes stdin bytes (only when the container was created with open stdin). */
  void write(byte[] data, int offset, int length) throws IOException;

  /** Signals end of stdin to the container. */
  void closeStdin() throws IOException;

  /** @param stream 1 = stdout, 2 = stderr (Docker's numbering) */
  record Chunk(int stream, byte[] data) {}
}
