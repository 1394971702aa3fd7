package dev.berth.api.stream;

import dev.berth.model.Json;
import java.io.IOException;
import java.io.OutputStream;

/** Writes one JSON object per line ({@code \n}) and flushes each, as events and wait send them. */
public final class JsonLines {
  private final OutputStream out;

  public JsonLines(OutputStream out) {
    this.out = out;
  }

  public synchronized void write(Object value) throws IOException {
    var bytes = Json.mapper().writeValueAsBytes(value);
    out.write(bytes);
    out.write('\n');
    out.flush();
  }
}
