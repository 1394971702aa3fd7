package dev.berth.api.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The Docker Engine API server: Netty (epoll) on unix sockets and TCP; requests run on virtual
 * threads through the versioned {@link RouteTable}. Lifecycle: construct with every {@link Routes},
 * {@link #listen} once per address, {@link #close} stops listening, closes connections and removes
 * the unix socket files. Thread-safe for listen/close from the daemon's main thread.
 */
public final class ApiServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());

  static {
    // Netty 4.2 emits JFR events for buffer allocation; loading JFR costs ~70 classes on the first
    // request and nothing here records them. Set before any Netty class initializes.
    if (System.getProperty("io.netty.jfr.enabled") == null) {
      System.setProperty("io.netty.jfr.enabled", "false");
    }
  }

  /** Identity announced on every reply: API versions, and {@code Server: Docker/<version> (linux)}. */
  public record Identity(ApiVersions versions, String serverVersion) {}

  /**
   * TLS for TCP listeners, from PEM files as dockerd's {@code --tlscert}/{@code --tlskey}; with
   * {@code verify} clients must present a certificate signed by {@code caCert} ({@code --tlsverify}).
   */
  public record Tls(Path caCert, Path cert, Path key, boolean verify) {}

  private final MultiThreadIoEventLoopGroup group;
  private final RequestDispatcher dispatcher;
  private final HttpPipeline pipeline;
  private final String socketGroup;
  private final List<Channel> listeners = new ArrayList<>();
  private final List<Path> sockets = new ArrayList<>();

  public ApiServer(List<? extends Routes> routes, Identity identity, String socketGroup) {
    var table = new RouteTable();
    for (var r : routes) {
      r.register(table);
    }
    var headers = Map.of(
        "Api-Version", identity.versions().current(),
        "Server", "Docker/" + identity.serverVersion() + " (linux)",
        "Ostype", "linux",
        "Docker-Experimental", "false");
    this.dispatcher = new RequestDispatcher(table, identity.versions(), headers);
    this.pipeline = new HttpPipeline(dispatcher, null);
    this.socketGroup = socketGroup;
    this.group = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()),
        Thread.ofPlatform().name("api-loop-", 1).daemon().factory(), EpollIoHandler.newFactory());
  }

  /** Starts listening on {@code address}; returns when the socket accepts connections. */
  public synchronized void listen(ListenAddress address) throws IOException {
    listen(address, null);
  }

  /** As {@link #listen(ListenAddress)}; a TCP address is served over {@code tls} unless it is null. */
  public synchronized void listen(ListenAddress address, Tls tls) throws IOException {
    switch (address) {
      case ListenAddress.Unix unix -> listenUnix(unix.path());
      case ListenAddress.Tcp tcp -> listenTcp(tcp, tls == null ? pipeline : new HttpPipeline(dispatcher, sslContext(tls)));
    }
  }

  private static SslContext sslContext(Tls tls) throws IOException {
    try {
      var builder = SslContextBuilder.forServer(tls.cert().toFile(), tls.key().toFile())
          .sslProvider(SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2");
      if (tls.verify()) {
        builder.trustManager(tls.caCert().toFile()).clientAuth(ClientAuth.REQUIRE);
      }
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IOException("could not load the TLS certificate or key: " + e.getMessage(), e);
    }
  }

  private void listenUnix(Path path) throws IOException {
    var binder = new UnixSocketBinder(path, socketGroup);
    var privatePath = binder.prepare();
    try {
      var channel = bind(new ServerBootstrap().channel(EpollServerDomainSocketChannel.class), pipeline,
          new DomainSocketAddress(privatePath.toString()), path.toString());
      listeners.add(channel);
      binder.publish(privatePath);
      sockets.add(path.toAbsolutePath());
    } finally {
      binder.cleanup();
    }
  }

  private void listenTcp(ListenAddress.Tcp tcp, HttpPipeline handler) throws IOException {
    var bootstrap = new ServerBootstrap().channel(EpollServerSocketChannel.class).option(ChannelOption.SO_REUSEADDR, true);
    listeners.add(bind(bootstrap, handler, new InetSocketAddress(tcp.host(), tcp.port()), tcp.toString()));
  }

  private Channel bind(ServerBootstrap bootstrap, HttpPipeline handler, java.net.SocketAddress address, String shown)
      throws IOException {
    var future = bootstrap.group(group).childHandler(handler).bind(address).awaitUninterruptibly();
    if (!future.isSuccess()) {
      throw new IOException("cannot listen on " + shown + ": " + future.cause().getMessage(), future.cause());
    }
    return future.channel();
  }

  @Override
  public synchronized void close() {
    for (var ch : listeners) {
      ch.close().awaitUninterruptibly();
    }
    listeners.clear();
    for (var socket : sockets) {
      try {
        Files.deleteIfExists(socket);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "cannot remove {0}: {1}", socket, e.getMessage());
      }
    }
    sockets.clear();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
