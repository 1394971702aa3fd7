package dev.berth.api.server;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.util.Optional;

/**
 * One request/response on a connection: the decoded request head, its streaming body, the writer
 * for the reply, and the way back to the connection once the reply is complete. Created on the
 * event loop; used by one virtual thread.
 */
final class Exchange {
  final Channel channel;
  final HttpRequest head;
  final InboundBuffer body;
  final ChannelWriter writer;
  final Optional<Request.Peer> peer;
  /** Completed by the event loop when the client closes the connection during this exchange. */
  final java.util.concurrent.CompletableFuture<Void> disconnected = new java.util.concurrent.CompletableFuture<>();
  private final ConnectionHandler connection;

  Exchange(Channel channel, HttpRequest head, ChannelWriter writer, Optional<Request.Peer> peer, ConnectionHandler connection) {
    this.channel = channel;
    this.head = head;
    this.body = new InboundBuffer(channel);
    this.writer = writer;
    this.peer = peer;
    this.connection = connection;
  }

  boolean keepAlive() {
    return HttpUtil.isKeepAlive(head);
  }

  boolean isHead() {
    return head.method().name().equals("HEAD");
  }

  /** True when the request declares no body (no length or length 0, not chunked). */
  boolean bodyless() {
    if (HttpUtil.isTransferEncodingChunked(head)) {
      return false;
    }
    var length = head.headers().get(HttpHeaderNames.CONTENT_LENGTH);
    return length == null || length.strip().equals("0");
  }

  /** The reply is complete: reuse the connection for the next request or close it. */
  void finish(boolean reuse) {
    connection.finish(this, reuse && keepAlive());
  }

  /** Switches the connection to raw bytes after writing {@code header} alone. */
  HijackedConnection hijack(byte[] header) throws java.io.IOException {
    return connection.hijack(this, header);
  }

  /** The reply cannot be completed (failure after streaming began): drop the connection. */
  void abort() {
    connection.abort(this);
  }
}
