package dev.berth.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.model.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A tiny plugin for tests (unit tests and berth-it's plugins): an HTTP/1.1 server on a unix socket answering {@code POST /<Method>}
 * with handlers by method; records every call. {@code Plugin.Activate} answers with the given
 * capabilities. Close it to stop and delete the socket.
 */
public final class FakePluginServer implements AutoCloseable {
  public record Reply(int status, Object body) {}

  public record Call(String method, JsonNode body, String accept) {}

  private final ServerSocketChannel server;
  private final Path socket;
  private final Map<String, Function<JsonNode, Reply>> handlers = new ConcurrentHashMap<>();
  public final List<Call> calls = new CopyOnWriteArrayList<>();

  public FakePluginServer(Path socket, String... capabilities) throws IOException {
    this.socket = socket;
    Files.createDirectories(socket.getParent());
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    handlers.put("Plugin.Activate", body -> new Reply(200, Map.of("Implements", List.of(capabilities))));
    Thread.ofVirtual().start(this::serve);
  }

  public FakePluginServer on(String method, Function<JsonNode, Reply> handler) {
    handlers.put(method, handler);
    return this;
  }

  public List<String> methods() {
    return calls.stream().map(Call::method).toList();
  }

  private void serve() {
    while (server.isOpen()) {
      try {
        var ch = server.accept();
        Thread.ofVirtual().start(() -> handle(ch));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(SocketChannel ch) {
    try (ch) {
      var in = new BufferedInputStream(Channels.newInputStream(ch));
      var requestLine = line(in);
      var method = requestLine.split(" ")[1].substring(1);
      int length = 0;
      String accept = "";
      for (var h = line(in); !h.isEmpty(); h = line(in)) {
        var lower = h.toLowerCase();
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(h.substring(15).strip());
        } else if (lower.startsWith("accept:")) {
          accept = h.substring(7).strip();
        }
      }
      var body = in.readNBytes(length);
      var json = body.length == 0 ? Json.mapper().createObjectNode() : Json.mapper().readTree(body);
      calls.add(new Call(method, json, accept));
      var handler = handlers.get(method);
      var reply = handler == null ? new Reply(404, Map.of("Err", "404 page not found")) : handler.apply(json);
      var out = Json.mapper().writeValueAsBytes(reply.body());
      var head = "HTTP/1.1 " + reply.status() + " X\r\nContent-Type: " + "application/vnd.docker.plugins.v1.2+json" + "\r\nContent-Length: "
          + out.length + "\r\n\r\n";
      var os = Channels.newOutputStream(ch);
      os.write(head.getBytes(StandardCharsets.US_ASCII));
      os.write(out);
      os.flush();
    } catch (IOException | RuntimeException e) {
      // the client went away; tests see it in their assertions
    }
  }

  private static String line(InputStream in) throws IOException {
    var sb = new StringBuilder();
    for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
    Files.deleteIfExists(socket);
  }
}
