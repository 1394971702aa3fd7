package dev.berth.api.server;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The body of a streamed (chunked) reply. Writes are buffered up to {@link #CHUNK} bytes; each
 * {@link #flush()} sends what was written as one chunk. {@link #close()} ends the reply. Writes
 * block while the client is slow and throw IOException once it is gone.
 */
final class ChunkedBody extends OutputStream {
  static final int CHUNK = 32 << 10;

  private final Exchange exchange;
  private final byte[] buf = new byte[CHUNK];
  private int count;
  private boolean closed;

  ChunkedBody(Exchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    if (count == buf.length) {
      flush();
    }
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    while (len > 0) {
      if (count == buf.length) {
        flush();
      }
      int n = Math.min(len, buf.length - count);
      System.arraycopy(b, off, buf, count, n);
      count += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    ensureOpen();
    if (count > 0) {
      var chunk = Unpooled.wrappedBuffer(Arrays.copyOf(buf, count));
      count = 0;
      exchange.writer.write(new DefaultHttpContent(chunk));
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      flush();
      closed = true;
      exchange.writer.await(exchange.writer.write(LastHttpContent.EMPTY_LAST_CONTENT));
      exchange.finish(true);
    } catch (IOException e) {
      closed = true;
      exchange.finish(false);
      throw e;
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    exchange.writer.check();
  }
}
