package dev.berth.engine.distribution;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/**
 * Decides how to reach a registry host, as dockerd's registry service does: HTTPS verified against
 * the system CAs plus {@code certs.d/<host>/*.crt} (with {@code client.cert}/{@code client.key});
 * for insecure registries (the configured list and 127.0.0.0/8) HTTPS without verification first,
 * then plain HTTP. Clients are kept per host and reused. Thread-safe.
 */
final class RegistryHosts {
  /** The domain of Docker Hub names ({@code busybox} is {@code docker.io/library/busybox}). */
  static final String DOCKER_HUB = "docker.io";
  /** The host dockerd talks to for {@code docker.io} names. */
  static final String DOCKER_HUB_API = "registry-1.docker.io";

  private final RegistryConfig config;
  private final Executor executor;
  private final ConcurrentHashMap<String, List<Endpoint>> cache = new ConcurrentHashMap<>();

  RegistryHosts(RegistryConfig config, Executor executor) {
    this.config = config;
    this.executor = executor;
  }

  RegistryConfig config() {
    return config;
  }

  /** Endpoints to try in order for {@code host} ({@code host[:port]} as in an image name). */
  List<Endpoint> endpoints(String host) {
    return cache.computeIfAbsent(host, this::lookup);
  }

  private List<Endpoint> lookup(String host) {
    var apiHost = host.equals(RegistryHosts.DOCKER_HUB) ? DOCKER_HUB_API : host;
    var out = new ArrayList<Endpoint>();
    if (host.equals(RegistryHosts.DOCKER_HUB)) {
      for (var mirror : config.registryMirrors()) {
        var uri = URI.create(mirror.endsWith("/") ? mirror.substring(0, mirror.length() - 1) : mirror);
        var insecure = uri.getScheme().equals("http") || isInsecure(uri.getAuthority());
        out.add(new Endpoint(uri, client(uri.getAuthority(), insecure), true));
      }
    }
    if (isInsecure(apiHost)) {
      out.add(new Endpoint(URI.create("https://" + apiHost), client(apiHost, true), false));
      out.add(new Endpoint(URI.create("http://" + apiHost), client(apiHost, false), false));
    } else {
      out.add(new Endpoint(URI.create("https://" + apiHost), client(apiHost, false), false));
    }
    return List.copyOf(out);
  }

  private HttpClient client(String host, boolean trustAll) {
    SSLContext tls = TlsFiles.context(certsDir(host), trustAll);
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(30))
        .sslContext(tls)
        .executor(executor)
        .build();
  }

  private Path certsDir(String host) {
    for (var dir : config.certsDirs()) {
      var candidate = dir.resolve(host);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** dockerd's isSecureIndex, inverted: listed by name, or an address inside a listed CIDR. */
  boolean isInsecure(String host) {
    for (var entry : config.insecureRegistries()) {
      if (entry.equals(host) || entry.equals(stripPort(host))) {
        return true;
      }
    }
    var cidrs = new ArrayList<Cidr>();
    cidrs.add(Cidr.parse("127.0.0.0/8"));
    for (var entry : config.insecureRegistries()) {
      if (entry.contains("/")) {
        cidrs.add(Cidr.parse(entry));
      }
    }
    for (var address : resolve(stripPort(host))) {
      for (var cidr : cidrs) {
        if (cidr.contains(address)) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<InetAddress> resolve(String hostname) {
    var name = hostname.startsWith("[") ? hostname.substring(1, hostname.length() - 1) : hostname;
    try {
      return List.of(InetAddress.getAllByName(name));
    } catch (UnknownHostException e) {
      return List.of();
    }
  }

  static String stripPort(String host) {
    if (host.startsWith("[")) {
      return host.substring(0, host.indexOf(']') + 1);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }
}
