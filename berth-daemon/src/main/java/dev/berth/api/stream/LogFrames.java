package dev.berth.api.stream;

import dev.berth.engine.logs.LogEntry;
import dev.berth.engine.logs.LogSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

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

  public LogFrames(StdStreamWriter out, boolean timestamps) {
    this.out = out;
    this.timestamps = timestamps;
  }

  @Override
  public void write(LogEntry e) throws IOException {
    if (!timestamps) {
      out.write(e.stream(), e.line());
      return;
    }
    var stamp = (RFC3339_NANO_FIXED.format(e.time()) + " ").getBytes(StandardCharsets.US_ASCII);
    var framed = new byte[stamp.length + e.line().length];
    System.arraycopy(stamp, 0, framed, 0, stamp.length);
    System.arraycopy(e.line(), 0, framed, stamp.length, e.line().length);
    out.write(e.stream(), framed);
  }
}
