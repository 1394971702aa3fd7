package dev.berth.netplug;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The userland proxy: holds each published host port (so another process cannot take it and a taken
 * port fails the container's start) and relays connections to the container, which is what makes
 * {@code 127.0.0.1:port} work where DNAT does not apply. One virtual thread per direction per
 * connection. With forwarding off ({@code --userland-proxy=false}) the port is only held.
 */
public final class PortProxy {
  private final boolean forwarding;

  public PortProxy(boolean forwarding) {
    this.forwarding = forwarding;
  }

  /** A bound host port; {@link #close()} stops accepting and ends relayed connections. */
  public interface Listener extends Closeable {
    int port();

    /** Points the relay at the container's address (known only after its interface is made). */
    void retarget(String targetIp);

    @Override
    void close();
  }

  /**
   * Binds {@code forward}'s host address (port 0: any free port) and starts relaying.
   *
   * @throws java.net.BindException when the address is taken
   */
  public Listener open(PortForward forward) throws IOException {
    var bind = new InetSocketAddress(forward.hostIp(), forward.hostPort());
    var target = new AtomicReference<>(new InetSocketAddress(forward.targetIp(), forward.targetPort()));
    return switch (forward.proto()) {
      case "udp" -> udp(bind, target);
      default -> tcp(bind, target);
    };
  }

  /**
   * A bound port of either protocol: the listening socket, where relays go, and what is open for
   * relayed traffic (TCP connections, UDP upstream sockets), closed with it.
   */
  private record Bound(Closeable socket, int port, AtomicReference<InetSocketAddress> target,
      Collection<? extends Closeable> relays) implements Listener {
    @Override
    public void retarget(String targetIp) {
      target.set(new InetSocketAddress(targetIp, target.get().getPort()));
    }

    @Override
    public void close() {
      closeQuietly(socket);
      relays.forEach(PortProxy::closeQuietly);
    }
  }

  private Listener tcp(InetSocketAddress bind, AtomicReference<InetSocketAddress> target) throws IOException {
    var server = ServerSocketChannel.open();
    try {
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(bind, 128);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    var connections = ConcurrentHashMap.<SocketChannel>newKeySet();
    if (forwarding) {
      Thread.ofVirtual().name("proxy-tcp-" + port).start(() -> acceptLoop(server, target, connections));
    }
    return new Bound(server, port, target, connections);
  }

  private static void acceptLoop(ServerSocketChannel server, AtomicReference<InetSocketAddress> target, java.util.Set<SocketChannel> open) {
    while (server.isOpen()) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Thread.ofVirtual().start(() -> relay(client, target.get(), open));
    }
  }

  private static void relay(SocketChannel client, InetSocketAddress target, java.util.Set<SocketChannel> open) {
    open.add(client);
    try (client; var upstream = SocketChannel.open()) {
      open.add(upstream);
      try {
        upstream.connect(target);
      } catch (IOException e) {
        return;
      }
      var back = Thread.ofVirtual().start(() -> pump(upstream, client));
      pump(client, upstream);
      back.join();
    } catch (IOException | InterruptedException ignored) {
      // connection over
    } finally {
      open.remove(client);
    }
  }

  /** Copies until EOF, then half-closes the other side so the peer sees EOF too. */
  private static void pump(SocketChannel from, SocketChannel to) {
    try {
      InputStream in = Channels.newInputStream(from);
      OutputStream out = Channels.newOutputStream(to);
      var buf = new byte[16384];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private Listener udp(InetSocketAddress bind, AtomicReference<InetSocketAddress> target) throws IOException {
    var socket = DatagramChannel.open();
    try {
      socket.bind(bind);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    int port = ((InetSocketAddress) socket.getLocalAddress()).getPort();
    Map<SocketAddress, DatagramChannel> peers = new ConcurrentHashMap<>();
    if (forwarding) {
      Thread.ofVirtual().name("proxy-udp-" + port).start(() -> udpLoop(socket, target, peers));
    }
    return new Bound(socket, port, target, peers.values());
  }

  private static void udpLoop(DatagramChannel socket, AtomicReference<InetSocketAddress> target, Map<SocketAddress, DatagramChannel> peers) {
    var buf = ByteBuffer.allocate(65535);
    while (socket.isOpen()) {
      try {
        buf.clear();
        var from = socket.receive(buf);
        buf.flip();
        var upstream = peers.computeIfAbsent(from, peer -> connectUdp(socket, target.get(), peer, peers));
        if (upstream != null) {
          upstream.write(buf);
        }
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        // one bad datagram; keep serving
      }
    }
  }

  private static DatagramChannel connectUdp(
      DatagramChannel socket, InetSocketAddress target, SocketAddress peer, Map<SocketAddress, DatagramChannel> peers) {
    try {
      var upstream = DatagramChannel.open().connect(target);
      Thread.ofVirtual().start(() -> {
        var buf = ByteBuffer.allocate(65535);
        try {
          while (true) {
            buf.clear();
            upstream.read(buf);
            buf.flip();
            socket.send(buf, peer);
          }
        } catch (IOException e) {
          peers.remove(peer);
          closeQuietly(upstream);
        }
      });
      return upstream;
    } catch (IOException e) {
      return null;
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
