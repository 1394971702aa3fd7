package dev.berth.engine.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Docker's plugin protocol client: {@code POST /<Method>} with a JSON body and
 * {@code Accept: application/vnd.docker.plugins.v1.2+json}, one connection per call. Connection
 * failures are retried with dockerd's back-off (1 s, 2 s, 4 s, … while the total stays under the
 * retry budget, 30 s by default); a non-200 reply is an error with the plugin's {@code Err} text.
 * Thread-safe.
 */
public final class PluginClient {
  static final String MIME = "application/vnd.docker.plugins.v1.2+json";
  private static final System.Logger LOG = System.getLogger(PluginClient.class.getName());
  private static final int MAX_REPLY = 64 << 20;

  private final PluginAddress address;
  private final Duration retryBudget;

  PluginClient(PluginAddress address, Duration retryBudget) {
    this.address = address;
    this.retryBudget = retryBudget;
  }

  /**
   * Calls {@code method} with {@code args} (null for no body) and returns the JSON reply.
   *
   * @param timeout for one attempt (connect, send, receive), as dockerd's per-call timeouts
   * @throws PluginException when the plugin answers non-200 or stays unreachable
   */
  public JsonNode call(String method, Object args, Duration timeout) {
    byte[] body;
    try {
      body = args == null ? new byte[0] : Json.mapper().writeValueAsBytes(args);
    } catch (IOException e) {
      throw new PluginException(0, method + ": " + e.getMessage(), e);
    }
    long start = System.nanoTime();
    int retries = 0;
    while (true) {
      try {
        return attempt(method, body, timeout);
      } catch (Unreachable e) {
        var backoff = backoff(retries);
        var elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (elapsed.plus(backoff).compareTo(retryBudget) >= 0) {
          throw new PluginException(0, method + ": " + e.getMessage(), e);
        }
        retries++;
        LOG.log(Level.WARNING, "Unable to connect to plugin: " + address.text() + "/" + method + ": " + e.getMessage()
            + ", retrying in " + backoff.toSeconds() + "s");
        sleep(backoff);
      }
    }
  }

  static Duration backoff(int retries) {
    long seconds = 1;
    while (seconds < 30 && retries-- > 0) {
      seconds *= 2;
    }
    return Duration.ofSeconds(Math.min(seconds, 30));
  }

  private JsonNode attempt(String method, byte[] body, Duration timeout) {
    SocketChannel channel;
    try {
      channel = address.socket() instanceof UnixDomainSocketAddress
          ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
    } catch (IOException e) {
      throw new Unreachable(e.getMessage(), e);
    }
    try (var executor = Executors.newVirtualThreadPerTaskExecutor(); channel) {
      var call = executor.submit(() -> exchange(channel, method, body));
      try {
        return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        channel.close(); // unblocks the I/O
        throw new PluginException(0, method + ": context deadline exceeded (timeout " + timeout.toSeconds() + "s)", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        channel.close();
        throw new PluginException(0, method + ": interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new PluginException(0, method + ": " + e.getCause().getMessage(), e.getCause());
      }
    } catch (IOException e) {
      throw new PluginException(0, method + ": " + e.getMessage(), e);
    }
  }

  private JsonNode exchange(SocketChannel channel, String method, byte[] body) {
    try {
      channel.connect(address.socket());
    } catch (IOException e) {
      throw new Unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    }
    try {
      var head = "POST /" + method + " HTTP/1.1\r\nHost: plugin.moby.localhost\r\nAccept: " + MIME
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
      var out = Channels.newOutputStream(channel);
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      var reply = HttpReply.read(new java.io.BufferedInputStream(Channels.newInputStream(channel)), MAX_REPLY);
      if (reply.status() != 200) {
        throw new PluginException(reply.status(), method + ": " + errorText(reply.body()), null);
      }
      if (reply.body().length == 0) {
        return Json.mapper().createObjectNode();
      }
      return Json.mapper().readTree(reply.body());
    } catch (IOException e) {
      throw new PluginException(0, method + ": " + e.getMessage(), e);
    }
  }

  /** dockerd shows {@code {"Err": "…"}} replies as the text, anything else as the raw body. */
  private static String errorText(byte[] body) {
    try {
      var node = Json.mapper().readTree(body);
      if (node != null && node.hasNonNull("Err") && !node.get("Err").asText().isEmpty()) {
        return node.get("Err").asText();
      }
    } catch (IOException e) {
      // not JSON: the raw text below
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PluginException(0, "interrupted while waiting for a plugin", e);
    }
  }

  /** Could not connect: worth retrying. */
  private static final class Unreachable extends RuntimeException {
    Unreachable(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /** A minimal HTTP/1.1 response reader: status, headers, body by length, chunks or close. */
  record HttpReply(int status, byte[] body) {
    static HttpReply read(InputStream in, int max) throws IOException {
      var status = line(in);
      var parts = status.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
        throw new IOException("malformed HTTP response \"" + status + "\"");
      }
      int code = Integer.parseInt(parts[1]);
      long length = -1;
      boolean chunked = false;
      for (var h = line(in); !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        if (colon < 0) {
          continue;
        }
        var name = h.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
        var value = h.substring(colon + 1).strip();
        if (name.equals("content-length")) {
          length = Long.parseLong(value);
        } else if (name.equals("transfer-encoding") && value.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
          chunked = true;
        }
      }
      var body = new ByteArrayOutputStream();
      if (chunked) {
        for (long size = Long.parseLong(line(in).split(";")[0].strip(), 16); size > 0;
            size = Long.parseLong(line(in).split(";")[0].strip(), 16)) {
          copy(in, body, size, max);
          line(in);
        }
      } else if (length >= 0) {
        copy(in, body, length, max);
      } else {
        copy(in, body, Long.MAX_VALUE, max);
      }
      return new HttpReply(code, body.toByteArray());
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, long n, int max) throws IOException {
      var buf = new byte[8192];
      while (n > 0) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, n));
        if (r < 0) {
          if (n == Long.MAX_VALUE) {
            return;
          }
          throw new IOException("unexpected EOF");
        }
        out.write(buf, 0, r);
        if (out.size() > max) {
          throw new IOException("plugin reply larger than " + max + " bytes");
        }
        if (n != Long.MAX_VALUE) {
          n -= r;
        }
      }
    }

    private static String line(InputStream in) throws IOException {
      var sb = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          if (sb.isEmpty()) {
            throw new IOException("EOF");
          }
          break;
        }
        if (c != '\r') {
          sb.append((char) c);
        }
        if (sb.length() > 65536) {
          throw new IOException("header line too long");
        }
      }
      return sb.toString();
    }
  }
}
