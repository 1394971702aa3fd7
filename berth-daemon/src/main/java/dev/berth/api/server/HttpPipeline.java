package dev.berth.api.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.ssl.SslContext;

/** Sets up each accepted connection: TLS (TCP with --tls), request decoder, response encoder, 100-continue, API handler. */
final class HttpPipeline extends ChannelInitializer<Channel> {
  static final String DECODER = "decoder";
  static final String ENCODER = "encoder";
  static final String CONTINUE = "continue";
  static final String API = "api";

  static final String TLS = "tls";

  private final RequestDispatcher dispatcher;
  private final SslContext tls;

  /** {@code tls} null: plain HTTP. */
  HttpPipeline(RequestDispatcher dispatcher, SslContext tls) {
    this.dispatcher = dispatcher;
    this.tls = tls;
  }

  @Override
  protected void initChannel(Channel ch) {
    // A client's half-close (stdin EOF on attach/exec) must not close our side.
    ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    var decoder = new PausingRequestDecoder();
    if (tls != null) {
      ch.pipeline().addLast(TLS, tls.newHandler(ch.alloc()));
    }
    ch.pipeline()
        .addLast(DECODER, decoder)
        .addLast(ENCODER, new HttpResponseEncoder())
        .addLast(CONTINUE, new HttpServerExpectContinueHandler())
        .addLast(API, new ConnectionHandler(dispatcher, decoder));
  }
}
