package dev.berth.it.network;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A tiny UDP DNS server on a random 127.x address, port 53, that answers every A query with one
 * fixed address: the "host's resolver" a test points Berth at, so forwarding is tested without
 * resolving any outside name.
 */
final class FakeResolver implements AutoCloseable {
  private final DatagramSocket socket;
  private final byte[] answer;
  private final String address;

  private FakeResolver(DatagramSocket socket, String address, byte[] answer) {
    this.socket = socket;
    this.address = address;
    this.answer = answer;
  }

  static FakeResolver start(String answerIp) throws IOException {
    var r = ThreadLocalRandom.current();
    var address = "127.53." + r.nextInt(1, 255) + "." + r.nextInt(1, 255);
    var socket = new DatagramSocket(new InetSocketAddress(address, 53));
    var parts = answerIp.split("\\.");
    var ip = new byte[4];
    for (int i = 0; i < 4; i++) {
      ip[i] = (byte) Integer.parseInt(parts[i]);
    }
    var server = new FakeResolver(socket, address, ip);
    Thread.ofVirtual().start(server::serve);
    return server;
  }

  String address() {
    return address;
  }

  private void serve() {
    var buf = new byte[512];
    while (!socket.isClosed()) {
      try {
        var packet = new DatagramPacket(buf, buf.length);
        socket.receive(packet);
        var reply = reply(Arrays.copyOf(buf, packet.getLength()));
        socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
      } catch (IOException e) {
        return;
      }
    }
  }

  /** The query with QR/RA set and, for type A, one answer pointing back at the question's name. */
  private byte[] reply(byte[] q) {
    int end = 12;
    while (q[end] != 0) {
      end += (q[end] & 0xFF) + 1;
    }
    end += 5;
    boolean typeA = q[end - 4] == 0 && q[end - 3] == 1;
    var out = Arrays.copyOf(q, end + (typeA ? 16 : 0));
    out[2] = (byte) (0x80 | (q[2] & 0x01));
    out[3] = (byte) 0x80;
    out[7] = (byte) (typeA ? 1 : 0);
    out[9] = 0;
    out[11] = 0;
    if (typeA) {
      byte[] rr = {(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, answer[0], answer[1], answer[2], answer[3]};
      System.arraycopy(rr, 0, out, end, 16);
    }
    return out;
  }

  @Override
  public void close() {
    socket.close();
  }
}
