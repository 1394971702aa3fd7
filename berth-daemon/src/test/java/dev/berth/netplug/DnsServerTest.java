package dev.berth.netplug;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DnsServerTest {
  private static final DnsServer.Names NAMES = name -> Map.of("web", List.of("10.1.2.3", "10.1.2.4")).getOrDefault(name, List.of());

  static byte[] query(int id, String name, int type) {
    var out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
    for (var label : name.split("\\.")) {
      out.write(label.length());
      out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
    }
    out.write(0);
    out.writeBytes(new byte[] {0, (byte) type, 0, 1});
    return out.toByteArray();
  }

  @Test
  void answersARecordsForNamesOnTheNetwork() {
    var q = query(0x1234, "WEB.", 1);
    var r = DnsServer.answer(q, NAMES);
    assertThat(r).isNotNull();
    assertThat(r[0]).isEqualTo((byte) 0x12);
    assertThat(r[1]).isEqualTo((byte) 0x34);
    assertThat(r[2] & 0x80).isEqualTo(0x80); // a response
    assertThat(r[3] & 0x0F).isZero(); // NOERROR
    assertThat(r[7]).isEqualTo((byte) 2); // two answers
    // The last record's data is the second address.
    assertThat(java.util.Arrays.copyOfRange(r, r.length - 4, r.length)).containsExactly(10, 1, 2, 4);
  }

  @Test
  void otherTypesForKnownNamesGetAnEmptyAnswer() {
    var r = DnsServer.answer(query(7, "web", 28), NAMES);
    assertThat(r).isNotNull();
    assertThat(r[7]).isZero();
  }

  @Test
  void aaaaQueriesGetTheIpv6AddressesAndAQueriesOnlyTheIpv4Ones() {
    DnsServer.Names dual = name -> name.equals("db") ? List.of("10.1.2.5", "fd1b:9::5") : List.of();
    var aaaa = DnsServer.answer(query(8, "db", 28), dual);
    assertThat(aaaa[7]).isEqualTo((byte) 1);
    assertThat(aaaa[aaaa.length - 17]).isEqualTo((byte) 16); // RDLENGTH low byte
    assertThat(java.util.Arrays.copyOfRange(aaaa, aaaa.length - 16, aaaa.length))
        .containsExactly(0xfd, 0x1b, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5);
    var a = DnsServer.answer(query(8, "db", 1), dual);
    assertThat(a[7]).isEqualTo((byte) 1);
    assertThat(java.util.Arrays.copyOfRange(a, a.length - 4, a.length)).containsExactly(10, 1, 2, 5);
  }

  @Test
  void unknownNamesAreLeftForForwarding() {
    assertThat(DnsServer.answer(query(7, "example.org", 1), NAMES)).isNull();
    assertThat(DnsServer.answer(new byte[5], NAMES)).isNull();
  }

  @Test
  void servesUdpAndTcpAndAnswersServfailWithoutUpstream() throws Exception {
    try (var server = DnsServer.start(new java.net.InetSocketAddress("127.0.0.1", 0), NAMES, List.of())) {
      try (var udp = new java.net.DatagramSocket()) {
        udp.setSoTimeout(10_000);
        var q = query(9, "web", 1);
        udp.send(new java.net.DatagramPacket(q, q.length, new java.net.InetSocketAddress("127.0.0.1", server.udpPort())));
        var packet = new java.net.DatagramPacket(new byte[512], 512);
        udp.receive(packet);
        assertThat(packet.getData()[7]).isEqualTo((byte) 2);
      }
      try (var tcp = new java.net.Socket("127.0.0.1", server.tcpPort())) {
        tcp.setSoTimeout(10_000);
        var out = new java.io.DataOutputStream(tcp.getOutputStream());
        var in = new java.io.DataInputStream(tcp.getInputStream());
        for (var name : List.of("web", "unknown.test")) {
          var q = query(10, name, 1);
          out.writeShort(q.length);
          out.write(q);
          out.flush();
          var reply = new byte[in.readUnsignedShort()];
          in.readFully(reply);
          assertThat(reply[3] & 0x0F).as(name).isEqualTo(name.equals("web") ? 0 : 2);
        }
      }
    }
  }

  @Test
  void servfailKeepsTheIdAndQuestion() {
    var q = query(0x4321, "example.org", 1);
    var r = DnsServer.servfail(q);
    assertThat(r[0]).isEqualTo((byte) 0x43);
    assertThat(r[3] & 0x0F).isEqualTo(2);
    assertThat(r[5]).isEqualTo((byte) 1);
  }

  @Test
  void resolversComeFromNameserverLines() {
    assertThat(HostResolvers.parse("# c\nsearch x\nnameserver 192.0.2.53\nnameserver ::1\n"))
        .extracting(a -> a.getHostString()).containsExactly("192.0.2.53");
  }
}
