package dev.berth.engine.container;

import dev.berth.engine.logs.LogSink;
import java.io.IOException;

/** A validated {@code logs} request; {@link #tty()} decides the framing. */
public interface ContainerLogs {
  boolean tty();

  /** Sends the selected messages (and, when following, new ones until the container stops). */
  void writeTo(LogSink sink) throws IOException;
}
