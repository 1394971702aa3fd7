package dev.berth.engine.container;

import dev.berth.engine.logs.LogSink;
import java.io.IOException;
import java.util.Map;

/** A validated {@code logs} request; {@link #tty()} decides the framing. */
public interface ContainerLogs {
  boolean tty();

  /** What {@code details=1} prefixes to each line: the log driver's attributes (json-file labels, env, tag). */
  default Map<String, String> details() {
    return Map.of();
  }

  /** Sends the selected messages (and, when following, new ones until the container stops). */
  void writeTo(LogSink sink) throws IOException;
}
