package dev.berth.api.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The per-connection state machine, run on the connection's event loop. In HTTP mode it hands each
 * decoded request to a virtual thread ({@link RequestDispatcher}) and feeds the request body into
 * the exchange; the decoder stays paused until the reply is complete (keep-alive, no pipelining).
 * After a hijack it is in RAW mode: incoming bytes go to the hijacked input stream.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final System.Logger LOG = System.getLogger(ConnectionHandler.class.getName());

  private final RequestDispatcher dispatcher;
  private final PausingRequestDecoder decoder;
  private ChannelHandlerContext ctx;
  private ChannelWriter writer;
  private Optional<Request.Peer> peer = Optional.empty();
  private Exchange current;
  private boolean requestComplete;
  private InboundBuffer raw;

  ConnectionHandler(RequestDispatcher dispatcher, PausingRequestDecoder decoder) {
    this.dispatcher = dispatcher;
    this.decoder = decoder;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.writer = new ChannelWriter(ctx.channel());
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel() instanceof EpollDomainSocketChannel unix) {
      try {
        var cred = unix.peerCredentials();
        peer = Optional.of(new Request.Peer(cred.uid(), cred.gids().length > 0 ? cred.gids()[0] : -1, cred.pid()));
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "no peer credentials: {0}", e.getMessage());
      }
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (raw != null) {
      if (msg instanceof ByteBuf buf) {
        raw.offer(buf);
      } else {
        ReferenceCountUtil.release(msg);
      }
      return;
    }
    if (msg instanceof HttpRequest head) {
      startExchange(head);
    }
    if (msg instanceof HttpContent content) {
      onContent(content);
    } else if (!(msg instanceof HttpRequest)) {
      ReferenceCountUtil.release(msg);
    }
  }

  private void startExchange(HttpRequest head) {
    if (head.decoderResult().isFailure()) {
      badRequest(head.decoderResult().cause());
      return;
    }
    current = new Exchange(ctx.channel(), head, writer, peer, this);
    requestComplete = false;
    var exchange = current;
    dispatcher.start(exchange);
  }

  private void onContent(HttpContent content) {
    if (content.decoderResult().isFailure()) {
      content.release();
      if (current != null) {
        current.body.fail(new IOException("malformed request body: " + content.decoderResult().cause().getMessage()));
      }
      ctx.close();
      return;
    }
    if (current == null) {
      content.release();
      return;
    }
    current.body.offer(content.content().retain());
    content.release();
    if (content instanceof LastHttpContent) {
      requestComplete = true;
      current.body.end();
    }
  }

  /** A request Netty could not decode: dockerd (Go) answers 400 and closes. */
  private void badRequest(Throwable cause) {
    LOG.log(Level.DEBUG, "malformed request: {0}", cause == null ? "?" : cause.getMessage());
    var body = Unpooled.copiedBuffer("400 Bad Request", StandardCharsets.UTF_8);
    var reply = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST, body);
    reply.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    reply.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    reply.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
  }

  /** Any thread: the reply of {@code exchange} is complete. */
  void finish(Exchange exchange, boolean reuse) {
    ctx.executor().execute(() -> {
      if (current != exchange || raw != null) {
        return;
      }
      if (!reuse || !ctx.channel().isActive()) {
        current = null;
        exchange.body.discard();
        ctx.close();
        return;
      }
      if (!requestComplete) {
        // The route did not read the whole body; the connection cannot be reused (as Go's server
        // does for large unread bodies).
        current = null;
        exchange.body.discard();
        ctx.close();
        return;
      }
      current = null;
      exchange.body.discard();
      try {
        decoder.resume(ctx.pipeline().context(decoder));
      } catch (Exception e) {
        LOG.log(Level.DEBUG, "cannot resume decoding: {0}", e.toString());
        ctx.close();
      }
    });
  }

  /** Any thread: drops the connection if it still belongs to {@code exchange}. */
  void abort(Exchange exchange) {
    ctx.executor().execute(() -> {
      if (current == exchange) {
        ctx.close();
      }
    });
  }

  /** Any thread but the event loop: writes {@code header} alone, then passes raw bytes both ways. */
  HijackedConnection hijack(Exchange exchange, byte[] header) throws IOException {
    var ready = new CompletableFuture<HijackedConnection>();
    ctx.executor().execute(() -> {
      try {
        ready.complete(switchToRaw(exchange, header));
      } catch (Throwable t) {
        ready.completeExceptionally(t);
      }
    });
    try {
      var connection = ready.get();
      exchange.writer.check();
      return connection;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while hijacking");
    } catch (ExecutionException e) {
      throw new IOException("cannot hijack the connection", e.getCause());
    }
  }

  private HijackedConnection switchToRaw(Exchange exchange, byte[] header) throws IOException {
    if (current != exchange || !ctx.channel().isActive()) {
      throw new IOException("client connection closed");
    }
    raw = new InboundBuffer(ctx.channel());
    var pipeline = ctx.pipeline();
    pipeline.remove(HttpPipeline.ENCODER);
    if (pipeline.get(HttpPipeline.CONTINUE) != null) {
      pipeline.remove(HttpPipeline.CONTINUE);
    }
    var written = ctx.channel().writeAndFlush(Unpooled.wrappedBuffer(header));
    boolean halfClosed = decoder.inputShutdownHeld();
    pipeline.remove(decoder); // hands bytes the client already sent (early stdin) to channelRead
    if (halfClosed) {
      raw.end();
    }
    ctx.channel().config().setAutoRead(true);
    return new HijackedConnection(exchange, raw, written);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == PausingRequestDecoder.INPUT_ENDED_DURING_REQUEST) {
      if (current != null && raw == null) {
        current.disconnected.complete(null);
      }
      return;
    }
    if (evt instanceof ChannelInputShutdownEvent || (evt instanceof SslCloseCompletionEvent && raw != null)) {
      if (raw != null) {
        raw.end();
      } else if (current == null) {
        ctx.close();
      } else if (!requestComplete) {
        current.body.fail(new IOException("unexpected EOF in the request body"));
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    writer.signal();
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    writer.signal();
    if (raw != null) {
      raw.end();
    }
    if (current != null) {
      current.body.fail(new IOException("client connection closed"));
      if (raw == null) {
        current.disconnected.complete(null);
      }
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(Level.DEBUG, "connection error: {0}", cause.toString());
    ctx.close();
  }
}
