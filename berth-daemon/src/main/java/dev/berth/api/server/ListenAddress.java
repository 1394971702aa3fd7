package dev.berth.api.server;

import dev.berth.engine.error.InvalidArgument;
import java.nio.file.Path;

/**
 * Where the API listens, parsed from dockerd's {@code -H} syntax: {@code unix:///path},
 * {@code tcp://host:port} (port defaults to 2375, host to 127.0.0.1 when empty), or {@code fd://},
 * which Berth does not support.
 */
public sealed interface ListenAddress {
  record Unix(Path path) implements ListenAddress {
    @Override
    public String toString() {
      return "unix://" + path;
    }
  }

  record Tcp(String host, int port) implements ListenAddress {
    public Tcp {
      if (port < 0 || port > 65535) {
        throw new InvalidArgument("invalid bind address port: " + port);
      }
    }

    @Override
    public String toString() {
      return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  Path DEFAULT_UNIX = Path.of("/run/berth.sock");

  static ListenAddress parse(String spec) {
    var s = spec.strip();
    if (s.isEmpty() || s.equals("unix://")) {
      return new Unix(DEFAULT_UNIX);
    }
    if (s.startsWith("unix://")) {
      return new Unix(Path.of(s.substring("unix://".length())));
    }
    if (s.startsWith("tcp://")) {
      return tcp(s.substring("tcp://".length()), spec);
    }
    if (s.startsWith("/")) {
      return new Unix(Path.of(s));
    }
    if (s.contains("://")) {
      throw new InvalidArgument("invalid bind address (" + spec + "): unsupported proto '" + s.substring(0, s.indexOf("://")) + "'");
    }
    return tcp(s, spec);
  }

  private static Tcp tcp(String hostPort, String spec) {
    var rest = hostPort;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      rest = rest.substring(0, slash);
    }
    String host;
    String port;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw new InvalidArgument("invalid bind address (" + spec + ")");
      }
      host = rest.substring(1, close);
      port = rest.substring(close + 1).startsWith(":") ? rest.substring(close + 2) : "";
    } else {
      int colon = rest.lastIndexOf(':');
      host = colon < 0 ? rest : rest.substring(0, colon);
      port = colon < 0 ? "" : rest.substring(colon + 1);
    }
    if (host.isEmpty()) {
      host = "127.0.0.1";
    }
    try {
      return new Tcp(host, port.isEmpty() ? 2375 : Integer.parseInt(port));
    } catch (NumberFormatException e) {
      throw new InvalidArgument("invalid bind address (" + spec + "): invalid port '" + port + "'");
    }
  }
}
