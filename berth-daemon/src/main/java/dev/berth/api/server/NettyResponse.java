package dev.berth.api.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.berth.model.Json;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link Response} over an {@link Exchange}. Every reply carries the daemon's identity headers
 * (Api-Version, Server, Ostype, Docker-Experimental) first, then what the route added.
 */
final class NettyResponse implements Response {
  // Spelled as Go's net/http writes them (Netty's constants are lower case).
  private static final String CONTENT_TYPE = "Content-Type";
  private static final String CONTENT_LENGTH = "Content-Length";
  private static final String TRANSFER_ENCODING = "Transfer-Encoding";
  private static final String CONNECTION = "Connection";
  private final Exchange exchange;
  private final Map<String, String> identity;
  private final HttpHeaders headers = new DefaultHttpHeaders();
  private boolean committed;

  NettyResponse(Exchange exchange, Map<String, String> identity) {
    this.exchange = exchange;
    this.identity = identity;
  }

  boolean committed() {
    return committed;
  }

  @Override
  public Response header(String name, String value) {
    if (committed) {
      throw new IllegalStateException("response already sent");
    }
    headers.set(name, value);
    return this;
  }

  @Override
  public void ok(Object body) {
    json(200, body);
  }

  @Override
  public void created(Object body) {
    json(201, body);
  }

  @Override
  public void noContent() {
    full(HttpResponseStatus.NO_CONTENT, null, null);
  }

  @Override
  public void text(String body) {
    full(HttpResponseStatus.OK, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void empty() {
    full(HttpResponseStatus.OK, null, new byte[0]);
  }

  /** An error reply ({@code message} null means an empty body, as for 304). */
  void error(int status, String message) {
    if (message == null) {
      full(HttpResponseStatus.valueOf(status), null, null);
    } else {
      json(status, Map.of("message", message));
    }
  }

  private void json(int status, Object body) {
    byte[] bytes;
    try {
      // Go's json.Encoder ends every document with a newline; clients see the same bytes.
      bytes = (Json.mapper().writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the response: " + e.getOriginalMessage(), e);
    }
    full(HttpResponseStatus.valueOf(status), "application/json", bytes);
  }

  /** A complete reply; {@code body} null means no body and no Content-Length (204, 304). */
  private void full(HttpResponseStatus status, String contentType, byte[] body) {
    commit();
    var content = body == null || exchange.isHead() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
    var reply = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    var h = reply.headers();
    identity.forEach(h::set);
    if (contentType != null && !headers.contains(CONTENT_TYPE)) {
      h.set(CONTENT_TYPE, contentType);
    }
    h.add(headers);
    if (body != null) {
      h.set(CONTENT_LENGTH, body.length);
    }
    closeIfNotKeepAlive(h);
    try {
      exchange.writer.write(reply);
    } catch (IOException e) {
      exchange.finish(false);
      return; // the client went away; nothing to tell it
    }
    exchange.finish(true);
  }

  @Override
  public OutputStream stream(String contentType) {
    commit();
    var reply = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    var h = reply.headers();
    identity.forEach(h::set);
    h.set(CONTENT_TYPE, contentType);
    h.add(headers);
    h.remove(CONTENT_LENGTH);
    h.set(TRANSFER_ENCODING, "chunked");
    closeIfNotKeepAlive(h);
    try {
      exchange.writer.write(reply);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ChunkedBody(exchange);
  }

  @Override
  public Hijacked hijack(String contentType) {
    commit();
    // moby writes these lines itself on the hijacked connection; the route's and the identity
    // headers follow, as moby copies the headers already set on the response writer.
    boolean upgrade = exchange.head.headers().contains(HttpHeaderNames.UPGRADE);
    var head = new StringBuilder(upgrade ? "HTTP/1.1 101 UPGRADED\r\n" : "HTTP/1.1 200 OK\r\n");
    head.append("Content-Type: ").append(contentType).append("\r\n");
    if (upgrade) {
      head.append("Connection: Upgrade\r\nUpgrade: tcp\r\n");
    }
    var extra = new LinkedHashMap<String, String>(identity);
    headers.forEach(e -> extra.put(e.getKey(), e.getValue()));
    extra.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    try {
      return exchange.hijack(head.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void closeIfNotKeepAlive(HttpHeaders h) {
    if (!exchange.keepAlive()) {
      h.set(CONNECTION, "close");
    }
  }

  private void commit() {
    if (committed) {
      throw new IllegalStateException("response already sent");
    }
    committed = true;
  }
}
