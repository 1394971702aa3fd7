package dev.berth.runtime;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One conmon attach connection shared by every client of a non-TTY {@code StdinOnce} container.
 * conmon runs such a container without {@code --leave-stdin-open}, so it closes the container's
 * stdin when any attach connection ends; dockerd closes it only when the client attached to stdin
 * ends its stdin (moby container/stream {@code CopyStreams}). Here clients get views of this one
 * connection: a view's {@link ContainerIo#close} only unsubscribes it, and only
 * {@link ContainerIo#closeStdin} reaches conmon (as the connection's half-close).
 *
 * <p>A virtual thread copies output to every view (a slow client slows the others, as dockerd's
 * unbuffered broadcaster does) and drops it while nobody is attached (it is in the log). The
 * connection lives until conmon ends it (the container exited) or {@link #close}. Thread-safe.
 */
final class SharedConmonIo implements AutoCloseable {
  private static final long OFFER_MILLIS = 100;

  private final ContainerIo connection;
  private final List<View> views = new CopyOnWriteArrayList<>();
  private final Runnable onEnd;
  private boolean ended;
  private boolean closed;
  private boolean released;
  private boolean stdinClosed;

  /** @param onEnd run once when the connection has ended (to forget it) */
  SharedConmonIo(ContainerIo connection, String id, Runnable onEnd) {
    this.connection = connection;
    this.onEnd = onEnd;
    Thread.ofVirtual().name("berth-attach-fanout-" + id.substring(0, Math.min(12, id.length()))).start(this::pump);
  }

  private void pump() {
    try {
      for (var chunk = connection.read(); chunk != null; chunk = connection.read()) {
        for (var v : views) v.offer(chunk);
      }
    } catch (IOException e) {
      // the connection broke: every view ends as at EOF
    }
    synchronized (this) {
      ended = true;
    }
    for (var v : views) v.finish(); // after what they have not read yet
    views.clear();
    release();
  }

  /** A new client's view, or null when the connection has ended (the caller connects anew). */
  synchronized ContainerIo view() {
    if (ended) return null;
    var v = new View();
    views.add(v);
    return v;
  }

  /** Ends the connection and every view at once (what they did not read is dropped). Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
      ended = true;
    }
    for (var v : views) v.end();
    views.clear();
    release();
  }

  private void release() {
    synchronized (this) {
      if (released) return;
      released = true;
    }
    try {
      connection.close();
    } catch (IOException e) {
      // closing wakes the pump; nothing else to do
    }
    onEnd.run();
  }

  private final class View implements ContainerIo {
    private final ChunkQueue queue = new ChunkQueue(64);
    private volatile boolean closed;

    /** Called by the pump; blocks while the client is behind, unless it leaves. */
    void offer(Chunk chunk) {
      try {
        while (!closed && !queue.offer(chunk, OFFER_MILLIS)) {
          // the client is slow: wait for it (or for it to leave)
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** EOF after the chunks queued, once the client took them (or left). */
    void finish() {
      try {
        while (!closed && !queue.offerEof(OFFER_MILLIS)) {
          // the client is still reading
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void end() {
      closed = true;
      queue.endNow();
    }

    @Override
    public Chunk read() throws IOException {
      return queue.take();
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
      synchronized (connection) {
        connection.write(data, offset, length);
      }
    }

    @Override
    public void closeStdin() throws IOException {
      synchronized (connection) {
        if (stdinClosed) return;
        stdinClosed = true;
        connection.closeStdin();
      }
    }

    /** Unsubscribes this client; the shared connection (and the container's stdin) stay open. */
    @Override
    public void close() {
      views.remove(this);
      end();
    }
  }
}
