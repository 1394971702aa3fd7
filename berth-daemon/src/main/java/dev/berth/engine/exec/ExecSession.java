package dev.berth.engine.exec;

import dev.berth.engine.container.AttachStreams;
import dev.berth.engine.container.DetachKeys;
import dev.berth.runtime.ContainerIo;
import java.io.IOException;
import java.io.InputStream;

/**
 * The copying of one attached exec (moby {@code ContainerExecStart}, {@code CloseStdin: true}):
 * output to the client until it ends; the client's stdin to the process. When stdin ends, a process
 * without a TTY gets EOF and the output goes on; with a TTY the session ends there and the process
 * runs on, as it does when the client types the detach keys (then {@code onDetach} runs first).
 */
final class ExecSession {
  /** How the output copy ended. */
  enum End {
    /** The process closed its output (it exited). */
    OUTPUT_ENDED,
    /** The client went away, detached or ended its stdin on a TTY: the process may still run. */
    LEFT
  }

  private final ExecConfig config;
  private final DetachKeys detachKeys;
  private final AttachStreams client;
  private final ContainerIo io;
  private final Runnable onDetach;
  private volatile boolean left;

  ExecSession(ExecConfig config, DetachKeys detachKeys, AttachStreams client, ContainerIo io, Runnable onDetach) {
    this.config = config;
    this.detachKeys = detachKeys;
    this.client = client;
    this.io = io;
    this.onDetach = onDetach;
  }

  /** Copies until the output ends or the session is left; closes the process's stdio connection. */
  End run(String name) {
    if (config.attachStdin()) Thread.ofVirtual().name("exec-stdin-" + name).start(this::copyStdin);
    try (io) {
      ContainerIo.Chunk chunk;
      while ((chunk = io.read()) != null) {
        if (chunk.stream() == 1 ? !config.attachStdout() : !config.attachStderr()) continue;
        try {
          client.write(chunk.stream(), chunk.data());
        } catch (IOException gone) {
          return End.LEFT;
        }
      }
    } catch (IOException ended) {
      // the monitor went away: the exit file tells the rest
    }
    return left ? End.LEFT : End.OUTPUT_ENDED;
  }

  private void copyStdin() {
    var buf = new byte[8192];
    InputStream in = config.tty() ? detachKeys.watch(client.stdin()) : client.stdin();
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) io.write(buf, 0, n);
    } catch (DetachKeys.Detached d) {
      onDetach.run();
      leave();
      return;
    } catch (IOException ended) {
      // the process or the client went away
    }
    if (config.tty()) {
      leave();
      return;
    }
    try {
      io.closeStdin();
    } catch (IOException ended) {
      // the process is gone already
    }
  }

  private void leave() {
    left = true;
    try {
      io.close(); // wakes the output copy
    } catch (IOException ignored) {
      // nothing left to wake
    }
  }
}
