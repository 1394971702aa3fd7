package dev.berth.api.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A blocking InputStream fed with ByteBufs by the event loop (request bodies, hijacked stdin).
 * Backpressure: when more than {@link #HIGH} bytes wait, the channel stops reading; once the reader
 * drained below {@link #LOW} it reads again. {@link #end()} marks EOF, {@link #fail} makes reads
 * throw. Offered buffers are owned (released) by this class. One reader thread at a time.
 */
final class InboundBuffer extends InputStream {
  static final int HIGH = 1 << 20;
  static final int LOW = 256 << 10;

  private final Channel channel;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
  private long queued;
  private boolean ended;
  private boolean discarding;
  private boolean pausedReads;
  private IOException failure;

  InboundBuffer(Channel channel) {
    this.channel = channel;
  }

  /** Event loop only. Takes ownership of {@code buf}. */
  void offer(ByteBuf buf) {
    lock.lock();
    try {
      if (ended || discarding || failure != null || !buf.isReadable()) {
        buf.release();
        return;
      }
      queue.add(buf);
      queued += buf.readableBytes();
      if (queued > HIGH && !pausedReads) {
        pausedReads = true;
        channel.config().setAutoRead(false);
      }
      readable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void end() {
    lock.lock();
    try {
      ended = true;
      readable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void fail(IOException cause) {
    lock.lock();
    try {
      if (!ended && failure == null) {
        failure = cause;
      }
      readable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean ended() {
    lock.lock();
    try {
      return ended;
    } finally {
      lock.unlock();
    }
  }

  /** Drops what is queued and what still comes (the route did not read the whole body). */
  void discard() {
    lock.lock();
    try {
      discarding = true;
      releaseAll();
      resumeReads();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int read() throws IOException {
    var one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    lock.lock();
    try {
      while (queue.isEmpty()) {
        if (failure != null) {
          throw failure;
        }
        if (ended || discarding) {
          return -1;
        }
        readable.await();
      }
      var head = queue.peek();
      int n = Math.min(len, head.readableBytes());
      head.readBytes(b, off, n);
      if (!head.isReadable()) {
        queue.poll().release();
      }
      queued -= n;
      if (pausedReads && queued < LOW) {
        resumeReads();
      }
      return n;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the request");
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int available() {
    lock.lock();
    try {
      return (int) Math.min(Integer.MAX_VALUE, queued);
    } finally {
      lock.unlock();
    }
  }

  /** Stops reading: drops queued data; later reads see EOF. */
  @Override
  public void close() {
    discard();
  }

  private void resumeReads() {
    if (pausedReads) {
      pausedReads = false;
      channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
    }
  }

  private void releaseAll() {
    for (var b : queue) {
      b.release();
    }
    queue.clear();
    queued = 0;
  }
}
