package dev.berth.api.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Blocking, backpressured writes from a virtual thread to a channel: each write is queued on the
 * event loop and flushed; the caller then waits while the channel is not writable (the client is
 * slow). A closed channel or a failed write makes later writes throw IOException ("client gone").
 */
final class ChannelWriter {
  private final Channel channel;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition writable = lock.newCondition();
  private volatile IOException failure;

  ChannelWriter(Channel channel) {
    this.channel = channel;
  }

  /** Writes and flushes {@code msg} (a ByteBuf or an HttpObject), then waits for writability. */
  ChannelFuture write(Object msg) throws IOException {
    check();
    var future = channel.writeAndFlush(msg);
    future.addListener(f -> {
      if (!f.isSuccess()) {
        failed(new IOException("client connection closed", f.cause()));
      }
    });
    awaitWritable();
    return future;
  }

  /** Waits until {@code future} completed; throws when it failed. */
  void await(ChannelFuture future) throws IOException {
    try {
      future.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing");
    }
    if (!future.isSuccess()) {
      throw new IOException("client connection closed", future.cause());
    }
  }

  /** Event loop: writability changed or the channel closed. */
  void signal() {
    if (!channel.isActive()) {
      failed(new IOException("client connection closed"));
    }
    lock.lock();
    try {
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void check() throws IOException {
    var f = failure;
    if (f != null) {
      throw new IOException(f.getMessage(), f);
    }
    if (!channel.isActive()) {
      throw new IOException("client connection closed");
    }
  }

  private void failed(IOException e) {
    if (failure == null) {
      failure = e;
    }
    lock.lock();
    try {
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void awaitWritable() throws IOException {
    if (channel.isWritable()) {
      return;
    }
    lock.lock();
    try {
      while (!channel.isWritable()) {
        check();
        writable.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing");
    } finally {
      lock.unlock();
    }
    check();
  }
}
