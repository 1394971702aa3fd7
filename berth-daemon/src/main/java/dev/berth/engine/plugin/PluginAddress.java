package dev.berth.engine.plugin;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * Where a legacy plugin listens: {@code unix:///run/docker/plugins/x.sock} or {@code tcp://host:port}
 * (from a {@code .spec} or {@code .json} file). TLS plugins are not supported.
 */
record PluginAddress(String text, SocketAddress socket) {
  static PluginAddress parse(String address) {
    var text = address.strip();
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid plugin address " + text + ": " + e.getMessage(), e);
    }
    if (uri.getScheme() == null) {
      throw new IllegalArgumentException("Unknown protocol");
    }
    return switch (uri.getScheme()) {
      case "unix" -> new PluginAddress(text, UnixDomainSocketAddress.of(Path.of(uri.getHost() != null ? uri.getHost() + uri.getPath() : uri.getPath())));
      case "tcp", "http" -> new PluginAddress(text, new InetSocketAddress(uri.getHost(), uri.getPort()));
      default -> throw new IllegalArgumentException("plugin protocol not supported: " + uri.getScheme());
    };
  }

  static PluginAddress unix(Path socket) {
    return new PluginAddress("unix://" + socket, UnixDomainSocketAddress.of(socket));
  }
}
