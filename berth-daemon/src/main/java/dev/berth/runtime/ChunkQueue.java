package dev.berth.runtime;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Output chunks handed from a producer thread to one reader, bounded (back-pressure), ending with
 * EOF or an error. Thread-safe.
 */
final class ChunkQueue {
  private static final Object EOF = new Object();

  private final BlockingQueue<Object> queue;
  private volatile boolean atEof;

  ChunkQueue(int capacity) {
    queue = new ArrayBlockingQueue<>(capacity);
  }

  void put(ContainerIo.Chunk chunk) throws InterruptedException {
    queue.put(chunk);
  }

  /** Waits up to {@code millis} for room; false when there was none. */
  boolean offer(ContainerIo.Chunk chunk, long millis) throws InterruptedException {
    return queue.offer(chunk, millis, TimeUnit.MILLISECONDS);
  }

  /** As {@link #finish} with EOF, waiting up to {@code millis} for room; false when there was none. */
  boolean offerEof(long millis) throws InterruptedException {
    return queue.offer(EOF, millis, TimeUnit.MILLISECONDS);
  }

  /** The producer is done: the reader gets EOF ({@code error} null) or the error, after what is queued. */
  void finish(IOException error) throws InterruptedException {
    queue.put(error == null ? EOF : error);
  }

  /** Ends at once: what is queued is dropped and a reader blocked in {@link #take} wakes with EOF. */
  void endNow() {
    atEof = true;
    queue.clear();
    queue.offer(EOF);
  }

  /** The next chunk; null at EOF. */
  ContainerIo.Chunk take() throws IOException {
    if (atEof) return null;
    try {
      var next = queue.take();
      if (next == EOF) {
        atEof = true;
        return null;
      }
      if (next instanceof IOException e) {
        atEof = true;
        throw e;
      }
      return (ContainerIo.Chunk) next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("attach read interrupted");
    }
  }
}
