package dev.berth.engine.container;

/**
 * A validated attach, ready to run once the API has taken over the connection. {@link #tty()}
 * decides the framing (raw for a TTY, multiplexed otherwise).
 */
public interface Attachment {
  boolean tty();

  /** Replays the log if asked, then streams until the container's output ended and its exit is recorded. */
  void run(AttachStreams streams) throws java.io.IOException;
}
