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
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.List;

/**
 * The embedded resolver of one user-defined network (dockerd's 127.0.0.11, here listening on the
 * network's gateway address on the host side, so no process has to enter container namespaces):
 * answers A queries for the names of containers on the network (names, aliases, short ids) and
 * forwards every other query unchanged to the upstream resolvers. UDP; one virtual thread per query.
 * DNS messages are read and written with netty-codec-dns.
 */
public final class DnsServer implements Closeable {
  private static final System.Logger LOG = System.getLogger("berth.dns");
  private static final int TTL = 600;
  private static final int FORWARD_TIMEOUT_MS = 3000;

  /** Looks up a name (lower case, no trailing dot) on this network: its IPv4 addresses, or empty. */
  @FunctionalInterface
  public interface Names {
    List<String> ipv4(String name);
  }

  private final DatagramChannel socket;
  private final Names names;
  private final List<InetSocketAddress> upstream;

  private DnsServer(DatagramChannel socket, Names names, List<InetSocketAddress> upstream) {
    this.socket = socket;
    this.names = names;
    this.upstream = List.copyOf(upstream);
  }

  /** Binds {@code ip:port} and starts serving. */
  public static DnsServer start(String ip, int port, Names names, List<InetSocketAddress> upstream) throws IOException {
    var socket = DatagramChannel.open();
    try {
      socket.bind(new InetSocketAddress(ip, port));
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    var server = new DnsServer(socket, names, upstream);
    Thread.ofVirtual().name("dns-" + ip).start(server::serve);
    return server;
  }

  public int port() throws IOException {
    return ((InetSocketAddress) socket.getLocalAddress()).getPort();
  }

  private void serve() {
    var buf = ByteBuffer.allocate(4096);
    while (socket.isOpen()) {
      try {
        buf.clear();
        var from = socket.receive(buf);
        var query = Arrays.copyOf(buf.array(), buf.position());
        Thread.ofVirtual().start(() -> reply(query, from));
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "dns receive: " + e.getMessage());
      }
    }
  }

  private void reply(byte[] query, java.net.SocketAddress from) {
    try {
      var answer = answer(query, names);
      if (answer == null) {
        answer = forward(query);
      }
      if (answer != null) {
        socket.send(ByteBuffer.wrap(answer), from);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "dns reply: " + e.getMessage());
    }
  }

  /**
   * The reply to {@code query} when the name is a container's on this network (A records; other
   * types get an empty answer so resolvers do not wait), or null to forward it.
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
    var ips = names.ipv4(name);
    if (ips.isEmpty()) {
      return null;
    }
    boolean a = question.type().equals(DnsRecordType.A);
    ByteBuf out = Unpooled.buffer(512);
    out.writeShort(in.getUnsignedShort(0));
    out.writeShort(0x8000 | 0x0400 | (flags & 0x0100) | 0x0080); // QR, AA, RD copied, RA
    out.writeShort(1);
    out.writeShort(a ? ips.size() : 0);
    out.writeShort(0);
    out.writeShort(0);
    out.writeBytes(query, 12, questionEnd - 12);
    if (a) {
      for (var ip : ips) {
        var record = new DefaultDnsRawRecord(question.name(), DnsRecordType.A, TTL,
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
    int v = Cidr.parseAddress(ip);
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
