package dev.berth.api.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * {@link Hijacked} over a channel whose HTTP codec was removed. Output is unbuffered: every write
 * is sent and flushed (attach frames must not wait), with backpressure. {@link #closeWrite()} and
 * {@link #close()} first wait until everything written reached the socket.
 */
final class HijackedConnection implements Hijacked {
  private static final long DRAIN_SECONDS = 30;

  private final Exchange exchange;
  private final InboundBuffer in;
  private final Out out = new Out();
  private volatile ChannelFuture last;

  HijackedConnection(Exchange exchange, InboundBuffer in, ChannelFuture headerWritten) {
    this.exchange = exchange;
    this.in = in;
    this.last = headerWritten;
  }

  @Override
  public InputStream in() {
    return in;
  }

  @Override
  public OutputStream out() {
    return out;
  }

  @Override
  public void closeWrite() {
    drain();
    if (exchange.channel.pipeline().get(HttpPipeline.TLS) instanceof SslHandler tls) {
      tls.closeOutbound().awaitUninterruptibly(); // close_notify: Go's tls.Conn reads it as EOF
    }
    if (exchange.channel instanceof DuplexChannel duplex && duplex.isActive()) {
      duplex.shutdownOutput().awaitUninterruptibly();
    } else {
      exchange.channel.close();
    }
  }

  @Override
  public void close() {
    drain();
    in.discard();
    exchange.channel.close().awaitUninterruptibly();
  }

  /** Waits (bounded: a client that stopped reading must not hold us forever) for pending output. */
  private void drain() {
    var f = last;
    if (f != null && !f.awaitUninterruptibly(DRAIN_SECONDS, TimeUnit.SECONDS)) {
      exchange.channel.close();
    }
  }

  private final class Out extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        exchange.writer.check();
        return;
      }
      last = exchange.writer.write(Unpooled.wrappedBuffer(Arrays.copyOfRange(b, off, off + len)));
    }

    @Override
    public void close() {
      closeWrite();
    }
  }
}
