package dev.berth.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP response being read: the head first, then the body piece by piece, each read bounded by a
 * deadline (a read that times out closes the connection). For streaming endpoints (wait, logs -f).
 */
public final class HttpStream implements AutoCloseable {
  private final SocketChannel channel;
  private final InputStream in;
  private final boolean head;
  private final ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor();
  private int status;
  private String reason;
  private final Map<String, List<String>> headers = new TreeMap<>();
  private boolean done;

  HttpStream(SocketChannel channel, boolean head) {
    this.channel = channel;
    this.in = new BufferedInputStream(Channels.newInputStream(channel));
    this.head = head;
  }

  public int status() { return status; }

  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null ? null : v.getFirst();
  }

  void readHead(Duration timeout) {
    within(timeout, "the response head", () -> {
      String statusLine = line();
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new AssertionError("bad status line: " + statusLine);
      }
      status = Integer.parseInt(parts[1]);
      reason = parts.length > 2 ? parts[2] : "";
      for (String h = line(); !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(h.substring(colon + 1).trim());
      }
      return null;
    });
  }

  private boolean bodyless() {
    return head || status == 204 || status == 304 || status / 100 == 1;
  }

  /**
   * The next piece of the body: one chunk of a chunked body, or what one read returned otherwise;
   * null at the end of the body.
   */
  public byte[] next(Duration timeout) {
    if (done || bodyless()) {
      done = true;
      return null;
    }
    return within(timeout, "the next piece of the body", () -> {
      if ("chunked".equalsIgnoreCase(header("transfer-encoding"))) {
        int size = Integer.parseInt(line().split(";")[0].trim(), 16);
        if (size == 0) {
          while (!line().isEmpty()) { /* trailers */ }
          done = true;
          return null;
        }
        byte[] chunk = in.readNBytes(size);
        line();
        return chunk;
      }
      String len = header("content-length");
      if (len != null) {
        done = true;
        return in.readNBytes(Integer.parseInt(len));
      }
      byte[] buf = new byte[8192];
      int n = in.read(buf);
      if (n < 0) {
        done = true;
        return null;
      }
      return java.util.Arrays.copyOf(buf, n);
    });
  }

  /**
   * After a 101 (hijacked connection) or a body delimited by the connection's end: every byte until
   * the daemon closes the connection.
   */
  public byte[] readToEof(Duration timeout) {
    return within(timeout, "the stream to its end", () -> {
      byte[] all = in.readAllBytes();
      done = true;
      return all;
    });
  }

  /** Sends raw bytes on the connection (a hijacked stream's stdin, after the 101). */
  public void write(byte[] bytes) {
    try {
      var b = java.nio.ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) channel.write(b);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** After a 101: what one read of the hijacked stream returns; null at its end. */
  public byte[] readSome(Duration timeout) {
    return within(timeout, "more of the stream", () -> {
      byte[] buf = new byte[8192];
      int n = in.read(buf);
      return n < 0 ? null : java.util.Arrays.copyOf(buf, n);
    });
  }

  /** Half-closes the connection (a hijacked stream's end of stdin); reading goes on. */
  public void closeWrite() {
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Reads the rest of the body and returns the whole response. */
  public HttpReply readAll(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] b; (b = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) != null; ) {
      body.writeBytes(b);
    }
    return new HttpReply(status, reason, Map.copyOf(headers), body.toByteArray());
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed mid-line after: " + b.toString(StandardCharsets.ISO_8859_1));
      }
      b.write(c);
    }
    String s = b.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private <T> T within(Duration timeout, String what, Callable<T> read) {
    Future<T> f = reader.submit(read);
    try {
      return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      close();
      throw new AssertionError("timed out after " + timeout.toMillis() + " ms reading " + what);
    } catch (ExecutionException e) {
      close();
      throw new AssertionError("failed reading " + what + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing anyway
    }
    reader.shutdownNow();
  }
}
