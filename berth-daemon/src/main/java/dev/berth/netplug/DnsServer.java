package dev.berth.netplug;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRecordEncoder;
import io.netty.handler.codec.dns.DnsRecordType;
import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import dev.berth.os.Namespaces;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded resolver of one container, as dockerd's: inside the container it is
 * {@code 127.0.0.11:53} (UDP and TCP). The sockets are bound on random ports of 127.0.0.11 in the
 * container's network namespace (by a thread that enters it for the bind), and nat rules in that
 * namespace redirect port 53 to them ({@link DnsRedirect}), so a DNS server the container runs on
 * its own port 53 still works. Answers A and AAAA queries for the names the container can see
 * (container names, aliases, short ids, link aliases; a name with no address of the asked family
 * gets an empty answer, as dockerd's) and forwards every other query unchanged to the upstream
 * resolvers, from the host's namespace (so resolvers on the host's loopback work). One virtual thread
 * per query or TCP connection. DNS messages are read and written with netty-codec-dns.
 */
public final class DnsServer implements Closeable {
  /** The resolver's address inside every container that uses it. */
  public static final String ADDRESS = "127.0.0.11";
  private static final System.Logger LOG = System.getLogger("berth.dns");
  private static final int TTL = 600;
  private static final int FORWARD_TIMEOUT_MS = 3000;

  /** Looks up a name (lower case, no trailing dot): its addresses (IPv4 and IPv6), or empty. */
  @FunctionalInterface
  public interface Names {
    List<String> addresses(String name);
  }

  private final DatagramChannel udp;
  private final ServerSocketChannel tcp;
  private final Names names;
  private final List<InetSocketAddress> upstream;
  private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();

  private DnsServer(DatagramChannel udp, ServerSocketChannel tcp, Names names, List<InetSocketAddress> upstream) {
    this.udp = udp;
    this.tcp = tcp;
    this.names = names;
    this.upstream = List.copyOf(upstream);
  }

  /**
   * Binds 127.0.0.11 in the namespace {@code netns}, points the namespace's port 53 at it and
   * starts serving. Called again for a namespace that has a resolver (after a daemon restart), it
   * replaces the old redirect.
   */
  public static DnsServer startIn(Path netns, Names names, List<InetSocketAddress> upstream) throws IOException {
    var sockets = Namespaces.inNetNamespace(netns, () -> bind(new InetSocketAddress(ADDRESS, 0)));
    try {
      DnsRedirect.install(netns, ADDRESS, sockets.udpPort(), sockets.tcpPort());
    } catch (RuntimeException e) {
      sockets.close();
      throw e;
    }
    return serve(sockets, names, upstream);
  }

  /** Binds {@code address} (both protocols) in the current namespace and serves; for tests. */
  static DnsServer start(InetSocketAddress address, Names names, List<InetSocketAddress> upstream) throws IOException {
    return serve(bind(address), names, upstream);
  }

  private record Sockets(DatagramChannel udp, ServerSocketChannel tcp) {
    int udpPort() throws IOException {
      return ((InetSocketAddress) udp.getLocalAddress()).getPort();
    }

    int tcpPort() throws IOException {
      return ((InetSocketAddress) tcp.getLocalAddress()).getPort();
    }

    void close() {
      closeQuietly(udp);
      closeQuietly(tcp);
    }
  }

  private static Sockets bind(InetSocketAddress address) throws IOException {
    var udp = DatagramChannel.open();
    ServerSocketChannel tcp = null;
    try {
      udp.bind(address);
      tcp = ServerSocketChannel.open();
      tcp.bind(address, 64);
      return new Sockets(udp, tcp);
    } catch (IOException e) {
      closeQuietly(udp);
      if (tcp != null) closeQuietly(tcp);
      throw e;
    }
  }

  private static DnsServer serve(Sockets sockets, Names names, List<InetSocketAddress> upstream) throws IOException {
    var server = new DnsServer(sockets.udp(), sockets.tcp(), names, upstream);
    Thread.ofVirtual().name("dns-udp-" + sockets.udpPort()).start(server::serveUdp);
    Thread.ofVirtual().name("dns-tcp-" + sockets.tcpPort()).start(server::serveTcp);
    return server;
  }

  public int udpPort() throws IOException {
    return ((InetSocketAddress) udp.getLocalAddress()).getPort();
  }

  public int tcpPort() throws IOException {
    return ((InetSocketAddress) tcp.getLocalAddress()).getPort();
  }

  private void serveUdp() {
    var buf = ByteBuffer.allocate(4096);
    while (udp.isOpen()) {
      try {
        buf.clear();
        var from = udp.receive(buf);
        var query = Arrays.copyOf(buf.array(), buf.position());
        Thread.ofVirtual().start(() -> replyUdp(query, from));
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "dns receive: " + e.getMessage());
      }
    }
  }

  private void replyUdp(byte[] query, SocketAddress from) {
    try {
      var answer = resolve(query);
      if (answer != null) {
        udp.send(ByteBuffer.wrap(answer), from);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "dns reply: " + e.getMessage());
    }
  }

  private void serveTcp() {
    while (tcp.isOpen()) {
      try {
        var client = tcp.accept();
        connections.add(client);
        Thread.ofVirtual().start(() -> serveConnection(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** RFC 7766: each message is preceded by its two-byte length; several queries may share a connection. */
  private void serveConnection(SocketChannel client) {
    try (client) {
      var length = ByteBuffer.allocate(2);
      while (readFully(client, length.clear())) {
        var query = ByteBuffer.allocate(length.flip().getShort() & 0xFFFF);
        if (!readFully(client, query)) {
          return;
        }
        var answer = resolve(query.array());
        if (answer == null) {
          return;
        }
        var out = ByteBuffer.allocate(2 + answer.length).putShort((short) answer.length).put(answer).flip();
        while (out.hasRemaining()) {
          client.write(out);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "dns tcp: " + e.getMessage());
    } finally {
      connections.remove(client);
    }
  }

  private static boolean readFully(SocketChannel channel, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      if (channel.read(buf) < 0) {
        return false;
      }
    }
    return true;
  }

  private byte[] resolve(byte[] query) {
    var answer = answer(query, names);
    return answer != null ? answer : forward(query);
  }

  /**
   * The reply to {@code query} when the name is a container's on this network (A or AAAA records;
   * other types get an empty answer so resolvers do not wait), or null to forward it.
   */
  static byte[] answer(byte[] query, Names names) {
    if (query.length < 12) {
      return null;
    }
    ByteBuf in = Unpooled.wrappedBuffer(query);
    int flags = in.getUnsignedShort(2);
    boolean isQuery = (flags & 0x8000) == 0 && ((flags >> 11) & 0xF) == 0;
    if (!isQuery || in.getUnsignedShort(4) != 1) {
      return null;
    }
    DnsQuestion question;
    try {
      in.readerIndex(12);
      question = DnsRecordDecoder.DEFAULT.decodeQuestion(in);
    } catch (Exception e) {
      return null;
    }
    int questionEnd = in.readerIndex();
    var name = question.name().toLowerCase().replaceAll("\\.$", "");
    var all = names.addresses(name);
    if (all.isEmpty()) {
      return null;
    }
    var type = question.type();
    boolean a = type.equals(DnsRecordType.A) || type.equals(DnsRecordType.AAAA);
    var ips = all.stream().filter(ip -> Cidr6.isIpv6(ip) == type.equals(DnsRecordType.AAAA)).toList();
    ByteBuf out = Unpooled.buffer(512);
    out.writeShort(in.getUnsignedShort(0));
    out.writeShort(0x8000 | 0x0400 | (flags & 0x0100) | 0x0080); // QR, AA, RD copied, RA
    out.writeShort(1);
    out.writeShort(a ? ips.size() : 0);
    a = a && !ips.isEmpty();
    out.writeShort(0);
    out.writeShort(0);
    out.writeBytes(query, 12, questionEnd - 12);
    if (a) {
      for (var ip : ips) {
        var record = new DefaultDnsRawRecord(question.name(), type, TTL,
            Unpooled.wrappedBuffer(addressBytes(ip)));
        try {
          DnsRecordEncoder.DEFAULT.encodeRecord(record, out);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        } finally {
          record.release();
        }
      }
    }
    var bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    return bytes;
  }

  private byte[] forward(byte[] query) {
    for (var server : upstream) {
      try (var s = new DatagramSocket()) {
        s.setSoTimeout(FORWARD_TIMEOUT_MS);
        s.send(new DatagramPacket(query, query.length, server));
        var buf = new byte[4096];
        var packet = new DatagramPacket(buf, buf.length);
        s.receive(packet);
        return Arrays.copyOf(buf, packet.getLength());
      } catch (SocketTimeoutException e) {
        LOG.log(System.Logger.Level.DEBUG, "dns upstream " + server + " timed out");
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "dns upstream " + server + ": " + e.getMessage());
      }
    }
    return servfail(query);
  }

  /** SERVFAIL for a query no upstream answered (or none configured). */
  static byte[] servfail(byte[] query) {
    if (query.length < 12) {
      return null;
    }
    var out = Arrays.copyOf(query, query.length);
    out[2] = (byte) (0x80 | (query[2] & 0x01));
    out[3] = (byte) 0x82;
    out[6] = 0;
    out[7] = 0;
    out[8] = 0;
    out[9] = 0;
    out[10] = 0;
    out[11] = 0;
    return out;
  }

  private static byte[] addressBytes(String ip) {
    if (Cidr6.isIpv6(ip)) {
      var bytes = Cidr6.parseAddress(ip).toByteArray();
      var out = new byte[16];
      int n = Math.min(bytes.length, 16);
      System.arraycopy(bytes, bytes.length - n, out, 16 - n, n);
      return out;
    }
    int v = Cidr.parseAddress(ip);
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  @Override
  public void close() {
    closeQuietly(udp);
    closeQuietly(tcp);
    connections.forEach(DnsServer::closeQuietly);
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
