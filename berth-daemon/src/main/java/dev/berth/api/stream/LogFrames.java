package dev.berth.api.stream;

import dev.berth.engine.logs.LogEntry;
import dev.berth.engine.logs.LogSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link LogSink} that frames log messages for the client, with moby's
 * {@code RFC3339NanoFixed} timestamp (always 9 fractional digits) and a space inside the frame when
 * asked (moby {@code httputils.WriteLogStream}).
 */
public final class LogFrames implements LogSink {
  static final DateTimeFormatter RFC3339_NANO_FIXED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);

  private final StdStreamWriter out;
  private final boolean timestamps;
  private final byte[] details;

  public LogFrames(StdStreamWriter out, boolean timestamps) {
    this(out, timestamps, null);
  }

  /** @param details the attributes {@code details=1} shows before each line, or null when not asked */
  public LogFrames(StdStreamWriter out, boolean timestamps, Map<String, String> details) {
    this.out = out;
    this.timestamps = timestamps;
    this.details = details == null ? null : detailsPrefix(details);
  }

  @Override
  public void write(LogEntry e) throws IOException {
    if (!timestamps && details == null) {
      out.write(e.stream(), e.line());
      return;
    }
    var framed = new ByteArrayOutputStream(e.line().length + 64);
    if (timestamps) framed.writeBytes((RFC3339_NANO_FIXED.format(e.time()) + " ").getBytes(StandardCharsets.US_ASCII));
    if (details != null) framed.writeBytes(details);
    framed.writeBytes(e.line());
    out.write(e.stream(), framed.toByteArray());
  }

  /** moby {@code attrsByteSlice}: {@code k=v} pairs, query-escaped, comma-joined, then a space (sorted here). */
  static byte[] detailsPrefix(Map<String, String> attrs) {
    var s = new StringBuilder();
    for (var e : new TreeMap<>(attrs).entrySet()) {
      if (!s.isEmpty()) s.append(',');
      s.append(queryEscape(e.getKey())).append('=').append(queryEscape(e.getValue()));
    }
    return s.append(' ').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Go's {@code url.QueryEscape}: unreserved bytes stay, space is '+', the rest %XX. */
  static String queryEscape(String v) {
    var out = new StringBuilder();
    for (byte b : v.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append((char) c);
      } else if (c == ' ') {
        out.append('+');
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }
}
