package dev.berth.api.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * An HTTP request decoder that stops after each complete request until {@link #resume} is called.
 * Bytes that arrive meanwhile stay undecoded in the cumulation buffer: they are either the next
 * keep-alive request (decoded on resume) or, for a hijacked connection, the client's early stdin,
 * which Netty hands to the next handler when this decoder is removed. A half-close seen while
 * paused is held back for the same reason.
 */
final class PausingRequestDecoder extends HttpRequestDecoder {
  /** Undecoded bytes allowed to pile up while paused before reading stops. */
  private static final int PAUSED_LIMIT = 1 << 20;

  /**
   * Fired downstream when the client's input ended while a request was in flight (it closed or
   * half-closed the connection): Go's server cancels the request's context then.
   */
  static final Object INPUT_ENDED_DURING_REQUEST = new Object();

  private boolean paused;
  private boolean inputShutdownHeld;

  PausingRequestDecoder() {
    super(new HttpDecoderConfig().setMaxInitialLineLength(1 << 16).setMaxHeaderSize(1 << 20).setMaxChunkSize(1 << 16));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
    if (paused) {
      if (buffer.readableBytes() > PAUSED_LIMIT) {
        ctx.channel().config().setAutoRead(false);
      }
      return;
    }
    int before = out.size();
    super.decode(ctx, buffer, out);
    for (int i = before; i < out.size(); i++) {
      if (out.get(i) instanceof LastHttpContent) {
        paused = true;
      }
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (paused && evt instanceof ChannelInputShutdownEvent) {
      inputShutdownHeld = true;
      ctx.fireUserEventTriggered(INPUT_ENDED_DURING_REQUEST);
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  /** Whether the client half-closed while this decoder was paused. */
  boolean inputShutdownHeld() {
    return inputShutdownHeld;
  }

  /** Event loop: decodes the next request (keep-alive), including bytes already buffered. */
  void resume(ChannelHandlerContext ctx) throws Exception {
    paused = false;
    ctx.channel().config().setAutoRead(true);
    if (inputShutdownHeld) {
      inputShutdownHeld = false;
      super.userEventTriggered(ctx, ChannelInputShutdownEvent.INSTANCE);
    } else {
      channelRead(ctx, Unpooled.EMPTY_BUFFER);
    }
  }
}
