package dev.berth.it.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A plain-HTTP proxy on 127.0.0.1 in front of a registry that can break layer downloads: in
 * {@link Mode#CUT} the first big blob body is cut off after {@link #CUT_AT} bytes and every later
 * blob request answered 503; in {@link Mode#STALL} every big blob body stops after {@link #CUT_AT}
 * bytes and hangs (connection open) until the mode changes or the proxy closes, so a test can kill
 * the daemon mid-download; in {@link Mode#PASS} everything goes through (Range included). Records
 * the Range header of every blob request.
 */
final class CuttingProxy implements AutoCloseable {
  static final int CUT_AT = 64 * 1024;
  private static final long BIG = 128 * 1024;

  enum Mode { CUT, STALL, PASS }

  /** A blob request as seen: its Range header ("" without) and the status answered. */
  record BlobRequest(String range, int status) {}

  private final HttpServer server;
  private final String upstream;
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final List<BlobRequest> blobRequests = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.CUT;
  private volatile boolean cut;
  private volatile boolean closed;

  CuttingProxy(String upstreamHost) throws IOException {
    this.upstream = "http://" + upstreamHost;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  void mode(Mode m) {
    mode = m;
    synchronized (this) {
      notifyAll();
    }
  }

  List<BlobRequest> blobRequests() {
    return List.copyOf(blobRequests);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      var path = ex.getRequestURI().toString();
      boolean blob = ex.getRequestMethod().equals("GET") && path.contains("/blobs/sha256:");
      var range = ex.getRequestHeaders().getFirst("Range");
      if (blob && mode == Mode.CUT && cut) {
        blobRequests.add(new BlobRequest(range == null ? "" : range, 503));
        ex.sendResponseHeaders(503, -1);
        return;
      }
      var request = HttpRequest.newBuilder(URI.create(upstream + path))
          .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes()));
      for (var h : List.of("Accept", "Range", "Authorization", "Content-Type")) {
        var v = ex.getRequestHeaders().getFirst(h);
        if (v != null) request.header(h, v);
      }
      HttpResponse<java.io.InputStream> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      response.headers().map().forEach((k, v) -> {
        if (!k.equalsIgnoreCase("content-length") && !k.equalsIgnoreCase("transfer-encoding")
            && !k.equalsIgnoreCase("connection") && !k.equals(":status")) {
          ex.getResponseHeaders().put(k, v);
        }
      });
      long length = response.headers().firstValueAsLong("Content-Length").orElse(0);
      boolean head = ex.getRequestMethod().equals("HEAD");
      if (head) {
        if (length > 0) ex.getResponseHeaders().set("Content-Length", Long.toString(length));
        ex.sendResponseHeaders(response.statusCode(), -1);
        response.body().close();
        return;
      }
      if (blob) blobRequests.add(new BlobRequest(range == null ? "" : range, response.statusCode()));
      ex.sendResponseHeaders(response.statusCode(), length == 0 ? -1 : length);
      try (var in = response.body()) {
        if (blob && mode == Mode.CUT && !cut && length > BIG) {
          cut = true;
          ex.getResponseBody().write(in.readNBytes(CUT_AT));
          ex.getResponseBody().flush();
          // leave without the rest: the server closes the connection mid-body
          throw new IOException("cut");
        }
        if (blob && mode == Mode.STALL && length > BIG) {
          ex.getResponseBody().write(in.readNBytes(CUT_AT));
          ex.getResponseBody().flush();
          stall();
          throw new IOException("stalled");
        }
        in.transferTo(ex.getResponseBody());
      }
    }
  }

  private synchronized void stall() {
    while (mode == Mode.STALL && !closed) {
      try {
        wait(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    server.stop(0);
  }
}
