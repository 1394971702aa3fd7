package dev.berth.engine.exec;

import dev.berth.engine.container.AttachStreams;
import java.io.IOException;

/** A validated attached exec start, ready to run once the API has taken over the connection. */
public interface ExecStart {
  /** Raw stream (TTY) or multiplexed frames. */
  boolean tty();

  /** Runs the process with the client's streams until its output ended and its exit code is recorded. */
  void run(AttachStreams streams) throws IOException;
}
