package dev.berth.engine.container;

import dev.berth.runtime.ContainerIo;
import dev.berth.runtime.RuntimeService;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One client attached to a container's stdio. It connects to the runtime when the process exists
 * (at once, or from the start that creates it, before the process runs, so no output is lost),
 * copies output to the client and the client's stdin to the process, and is done once the output
 * ended and the exit code is recorded (the CLI asks for it right after), the client went away, or
 * the client's stdin ended or detached.
 *
 * <p>When the client's stdin ends it follows dockerd's {@code CopyStreams}: a non-TTY container with
 * {@code StdinOnce} gets EOF on its stdin and the output goes on until it exits; otherwise the
 * session ends there and the container's stdin stays open for the next client. On a TTY the detach
 * keys end the session too, with a {@code detach} event.
 */
final class AttachSession {
  private static final System.Logger LOG = System.getLogger(AttachSession.class.getName());
  private static final Duration EXIT_RECORDED = Duration.ofSeconds(10);

  private final Container container;
  private final AttachOptions options;
  private final AttachStreams client;
  private final RuntimeService runtime;
  private final ContainerEvents events;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile boolean leaving;

  AttachSession(Container container, AttachOptions options, AttachStreams client, RuntimeService runtime,
      ContainerEvents events) {
    this.container = container;
    this.options = options;
    this.client = client;
    this.runtime = runtime;
    this.events = events;
  }

  /** Connects to the process's stdio and starts copying; never throws (a failure ends the session). */
  void connect() {
    var exit = container.nextExit();
    ContainerIo io;
    try {
      io = runtime.attach(container.id);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "attach to " + container.id + " failed: " + e.getMessage());
      Thread.ofVirtual().start(() -> finish(exit));
      return;
    }
    var cfg = container.record().config();
    var name = container.id.substring(0, 12);
    if (options.stdin() && cfg.openStdin()) {
      boolean closesStdin = cfg.stdinOnce() && !cfg.tty();
      Thread.ofVirtual().name("attach-stdin-" + name).start(() -> copyStdin(io, cfg.tty(), closesStdin));
    }
    Thread.ofVirtual().name("attach-out-" + name).start(() -> copyOutput(io, exit));
  }

  /** Ends a session whose container never ran (its start failed). */
  void end() {
    done.complete(null);
  }

  /** Blocks until the session is over. */
  void awaitDone() {
    done.join();
  }

  private void copyOutput(ContainerIo io, CompletableFuture<Integer> exit) {
    boolean clientGone = false;
    try (io) {
      ContainerIo.Chunk chunk;
      while ((chunk = io.read()) != null) {
        if (chunk.stream() == 1 ? !options.stdout() : !options.stderr()) continue;
        try {
          client.write(chunk.stream(), chunk.data());
        } catch (IOException e) {
          clientGone = true;
          break;
        }
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "attach output of " + container.id + " ended: " + e.getMessage());
    }
    if (clientGone || leaving) done.complete(null);
    else finish(exit);
  }

  private void finish(CompletableFuture<Integer> exit) {
    if (container.running()) Lifecycle.await(exit, EXIT_RECORDED);
    done.complete(null);
  }

  private void copyStdin(ContainerIo io, boolean tty, boolean closesStdin) {
    var buf = new byte[8192];
    InputStream in = tty ? options.detachKeys().watch(client.stdin()) : client.stdin();
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) io.write(buf, 0, n);
    } catch (DetachKeys.Detached d) {
      events.emit(container.record(), "detach");
      leave(io);
      return;
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "attach stdin of " + container.id + " ended: " + e.getMessage());
    }
    if (closesStdin) {
      try {
        io.closeStdin();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "closing the stdin of " + container.id + ": " + e.getMessage());
      }
    } else {
      leave(io);
    }
  }

  /** Ends the session while the container runs on: the output copy stops and the client is let go. */
  private void leave(ContainerIo io) {
    leaving = true;
    try {
      io.close();
    } catch (IOException e) {
      // closing wakes the output copy; nothing else to do
    }
    done.complete(null);
  }
}
