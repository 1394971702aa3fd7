package dev.berth.api.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A raw HTTP client on a unix socket for tests: send bytes, read until a marker or EOF, with a deadline. */
final class UnixClient implements AutoCloseable {
  private final SocketChannel ch;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private boolean eof;

  UnixClient(Path socket) throws IOException {
    ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    ch.connect(UnixDomainSocketAddress.of(socket));
  }

  UnixClient send(String s) throws IOException {
    return send(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  UnixClient send(byte[] b) throws IOException {
    var buf = ByteBuffer.wrap(b);
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    return this;
  }

  void shutdownOutput() throws IOException {
    ch.shutdownOutput();
  }

  /** Reads until the received text contains {@code marker}; returns everything received so far. */
  String readUntil(String marker, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!text().contains(marker)) {
      if (eof) {
        throw new AssertionError("EOF before \"" + marker + "\"; got: " + text());
      }
      readOnce(deadline);
    }
    return text();
  }

  /** Reads until the server closes (or half-closes) the connection. */
  String readToEof(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!eof) {
      readOnce(deadline);
    }
    return text();
  }

  /** Reads and counts (without keeping) everything until EOF. */
  long drainToEof(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long total = received.size();
    received.reset();
    while (!eof) {
      readOnce(deadline);
      total += received.size();
      received.reset();
    }
    return total;
  }

  String text() {
    return received.toString(StandardCharsets.ISO_8859_1);
  }

  byte[] bytes() {
    return received.toByteArray();
  }

  private void readOnce(long deadline) throws Exception {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new AssertionError("timed out; got: " + text());
    }
    try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
      var f = exec.submit(() -> {
        var buf = ByteBuffer.allocate(65536);
        int n = ch.read(buf);
        return n < 0 ? null : java.util.Arrays.copyOf(buf.array(), n);
      });
      try {
        var got = f.get(left, TimeUnit.NANOSECONDS);
        if (got == null) {
          eof = true;
        } else {
          received.write(got);
        }
      } catch (java.util.concurrent.TimeoutException e) {
        ch.close();
        throw new AssertionError("timed out; got: " + text());
      }
    }
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
