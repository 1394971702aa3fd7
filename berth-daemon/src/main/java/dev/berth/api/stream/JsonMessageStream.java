package dev.berth.api.stream;

import dev.berth.api.server.Response;
import dev.berth.model.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON-message reply (pull, push, load, build): one JSON object and {@code \r\n} per message,
 * flushed each time. The 200 and its headers go out with the first message only, so a failure
 * before any output is still an HTTP error (moby's WriteFlusher); after that, failures are written
 * into the stream with {@link #error}. Not thread-safe: callers serialize messages.
 */
public final class JsonMessageStream implements AutoCloseable {
  private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);

  private final Response response;
  private OutputStream out;

  public JsonMessageStream(Response response) {
    this.response = response;
  }

  public boolean started() {
    return out != null;
  }

  public void send(Object message) {
    try {
      if (out == null) {
        out = response.stream("application/json");
      }
      out.write(Json.mapper().writeValueAsBytes(message));
      out.write(CRLF);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code {"errorDetail":{"message":…},"error":…}}, as dockerd sends a failure mid-stream. */
  public void error(String message) {
    error(message, null);
  }

  /** As {@link #error(String)}, with {@code errorDetail.code} when {@code code} is not null (a build step's exit code). */
  public void error(String message, Integer code) {
    var detail = new LinkedHashMap<String, Object>();
    if (code != null) {
      detail.put("code", code);
    }
    detail.put("message", message);
    var m = new LinkedHashMap<String, Object>();
    m.put("errorDetail", detail);
    m.put("error", message);
    send(m);
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
