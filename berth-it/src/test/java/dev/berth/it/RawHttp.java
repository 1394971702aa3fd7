package dev.berth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hand-written HTTP/1.1 client over the daemon's unix socket (java.net.http cannot speak to unix
 * sockets), for asserting exact statuses, headers and bodies. One connection per request
 * ({@code Connection: close}). Thread-safe.
 */
public final class RawHttp {
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Path socket;

  RawHttp(Path socket) {
    this.socket = socket;
  }

  public HttpReply get(String path) {
    return send("GET", path, Map.of(), null);
  }

  public HttpReply head(String path) {
    return send("HEAD", path, Map.of(), null);
  }

  public HttpReply delete(String path) {
    return send("DELETE", path, Map.of(), null);
  }

  public HttpReply post(String path) {
    return send("POST", path, Map.of(), null);
  }

  /** POSTs {@code json} with {@code Content-Type: application/json}. */
  public HttpReply postJson(String path, String json) {
    return send("POST", path, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends one request and reads the whole response (body by Content-Length, chunks, or to EOF). */
  public HttpReply send(String method, String path, Map<String, String> headers, byte[] body) {
    try (HttpStream s = open(method, path, headers, body, TIMEOUT)) {
      return s.readAll(TIMEOUT);
    }
  }

  /** Sends one request and returns once the status line and headers arrived; the body is read from the stream. */
  public HttpStream open(String method, String path, Map<String, String> headers, byte[] body, Duration headTimeout) {
    try {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(socket));
      Map<String, String> all = new LinkedHashMap<>();
      all.put("Host", "api.moby.localhost");
      all.put("User-Agent", "berth-it");
      all.put("Connection", "close");
      all.putAll(headers);
      if (body != null) {
        all.put("Content-Length", Integer.toString(body.length));
      } else if (method.equals("POST") || method.equals("PUT")) {
        all.put("Content-Length", "0");
      }
      StringBuilder req = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      all.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      req.append("\r\n");
      try {
        writeFully(ch, req.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
          writeFully(ch, body);
        }
      } catch (IOException e) {
        // The daemon may answer (an error) and close before reading the whole request: read that answer.
      }
      HttpStream stream = new HttpStream(ch, method.equals("HEAD"));
      stream.readHead(headTimeout);
      return stream;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot talk to " + socket, e);
    }
  }

  private static void writeFully(SocketChannel ch, byte[] bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }
}
