package dev.berth.api.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;

/** Sets up each accepted connection: request decoder, response encoder, 100-continue, API handler. */
final class HttpPipeline extends ChannelInitializer<Channel> {
  static final String DECODER = "decoder";
  static final String ENCODER = "encoder";
  static final String CONTINUE = "continue";
  static final String API = "api";

  private final RequestDispatcher dispatcher;

  HttpPipeline(RequestDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  protected void initChannel(Channel ch) {
    // A client's half-close (stdin EOF on attach/exec) must not close our side.
    ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    var decoder = new PausingRequestDecoder();
    ch.pipeline()
        .addLast(DECODER, decoder)
        .addLast(ENCODER, new HttpResponseEncoder())
        .addLast(CONTINUE, new HttpServerExpectContinueHandler())
        .addLast(API, new ConnectionHandler(dispatcher, decoder));
  }
}
