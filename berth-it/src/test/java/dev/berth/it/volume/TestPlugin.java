package dev.berth.it.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The project's own small plugins for the integration tests, speaking Docker's plugin protocol on a
 * unix socket in Berth's plugin dir ({@code /run/berth/plugins/<unique>.sock}):
 * <ul>
 *   <li>{@link #volumes}: a VolumeDriver keeping each volume as a folder under a temp dir;</li>
 *   <li>{@link #authz}: an authorization plugin denying the requests a predicate picks.</li>
 * </ul>
 * Close it to stop serving and delete the socket.
 */
final class TestPlugin implements AutoCloseable {
  static final Path PLUGIN_DIR = Path.of("/run/berth/plugins");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger SEQ = new AtomicInteger();

  final String name;
  final List<String> calls = new CopyOnWriteArrayList<>();
  private final Path socket;
  private final ServerSocketChannel server;
  private final Path store;
  private final Set<String> volumes = ConcurrentHashMap.newKeySet();
  private final Predicate<JsonNode> deny;
  private final String capability;

  private TestPlugin(String kind, String capability, Path store, Predicate<JsonNode> deny) throws IOException {
    this.name = "berthit-" + kind + "-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    this.capability = capability;
    this.store = store;
    this.deny = deny;
    Files.createDirectories(PLUGIN_DIR);
    this.socket = PLUGIN_DIR.resolve(name + ".sock");
    Files.deleteIfExists(socket);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread.ofVirtual().start(this::serve);
  }

  /** A volume plugin storing volumes as folders under {@code store}. */
  static TestPlugin volumes(Path store) throws IOException {
    return new TestPlugin("vol", "VolumeDriver", store, r -> false);
  }

  /** An authorization plugin denying every request {@code deny} matches (given the AuthZReq body). */
  static TestPlugin authz(Predicate<JsonNode> deny) throws IOException {
    return new TestPlugin("authz", "authz", null, deny);
  }

  private Map<String, Object> handle(String method, JsonNode body) throws IOException {
    var out = new LinkedHashMap<String, Object>();
    var volume = body.path("Name").asText();
    switch (method) {
      case "Plugin.Activate" -> out.put("Implements", List.of(capability));
      case "VolumeDriver.Create" -> {
        Files.createDirectories(store.resolve(volume));
        Files.writeString(store.resolve(volume).resolve(".opts"), body.path("Opts").toString());
        volumes.add(volume);
      }
      case "VolumeDriver.Remove" -> {
        volumes.remove(volume);
        try (var files = Files.walk(store.resolve(volume))) {
          for (var p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
      case "VolumeDriver.Get" -> {
        if (volumes.contains(volume)) {
          out.put("Volume", Map.of("Name", volume, "Mountpoint", store.resolve(volume).toString(),
              "Status", Map.of("plugin", name)));
        } else {
          out.put("Err", "no such volume");
        }
      }
      case "VolumeDriver.List" -> out.put("Volumes", volumes.stream().map(v -> Map.of("Name", v)).toList());
      case "VolumeDriver.Path", "VolumeDriver.Mount" -> out.put("Mountpoint", store.resolve(volume).toString());
      case "VolumeDriver.Unmount" -> { }
      case "VolumeDriver.Capabilities" -> out.put("Capabilities", Map.of("Scope", "local"));
      case "AuthZPlugin.AuthZReq" -> {
        boolean denied = deny.test(body);
        out.put("Allow", !denied);
        if (denied) {
          out.put("Msg", "berth-it forbids " + body.path("RequestMethod").asText() + " " + body.path("RequestUri").asText());
        }
      }
      case "AuthZPlugin.AuthZRes" -> out.put("Allow", true);
      default -> out.put("Err", "unknown method " + method);
    }
    return out;
  }

  private void serve() {
    while (server.isOpen()) {
      try {
        var ch = server.accept();
        Thread.ofVirtual().start(() -> answer(ch));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void answer(SocketChannel ch) {
    try (ch) {
      var in = new BufferedInputStream(Channels.newInputStream(ch));
      var method = line(in).split(" ")[1].substring(1);
      int length = 0;
      for (var h = line(in); !h.isEmpty(); h = line(in)) {
        if (h.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(h.substring(15).strip());
        }
      }
      var raw = in.readNBytes(length);
      var body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
      calls.add(method + " " + body.path("Name").asText(body.path("RequestUri").asText()));
      var reply = JSON.writeValueAsBytes(handle(method, body));
      var os = Channels.newOutputStream(ch);
      os.write(("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.plugins.v1.2+json\r\nContent-Length: "
          + reply.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      os.write(reply);
      os.flush();
    } catch (IOException | RuntimeException e) {
      calls.add("failed: " + e);
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
