package dev.berth.engine.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses conmon's k8s-file log lines, {@code <RFC3339Nano> stdout|stderr F|P <text>}, joining
 * partial ({@code P}) pieces of one stream into the full line their {@code F} piece ends. Keeps
 * the pending pieces between calls, so a file can be fed in chunks as it grows. Not thread-safe.
 */
final class K8sFileParser {
  private final ByteBuf[] pending = {null, new ByteBuf(), new ByteBuf()};
  private final Instant[] pendingTime = new Instant[3];

  /** Parses complete file lines in {@code data[from, to)}; returns the messages they finish. */
  List<LogEntry> feed(byte[] data, int from, int to) {
    var out = new ArrayList<LogEntry>();
    int start = from;
    for (int i = from; i < to; i++) {
      if (data[i] == '\n') {
        parseLine(data, start, i, out);
        start = i + 1;
      }
    }
    return out;
  }

  /** The unterminated pieces still pending (a container that exited mid-line), oldest first. */
  List<LogEntry> flush() {
    var out = new ArrayList<LogEntry>();
    for (int s = 1; s <= 2; s++) {
      if (pending[s].size > 0) {
        out.add(new LogEntry(s, pendingTime[s], pending[s].take()));
      }
    }
    out.sort((a, b) -> a.time().compareTo(b.time()));
    return out;
  }

  private void parseLine(byte[] d, int from, int to, List<LogEntry> out) {
    int sp1 = indexOf(d, from, to, (byte) ' ');
    int sp2 = sp1 < 0 ? -1 : indexOf(d, sp1 + 1, to, (byte) ' ');
    if (sp2 < 0) return; // not a log line (torn write at a crash): skip it
    int sp3 = indexOf(d, sp2 + 1, to, (byte) ' ');
    int flagEnd = sp3 < 0 ? to : sp3;
    Instant time;
    try {
      time = OffsetDateTime.parse(new String(d, from, sp1 - from, StandardCharsets.US_ASCII)).toInstant();
    } catch (DateTimeParseException e) {
      return;
    }
    var streamName = new String(d, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.US_ASCII);
    int stream = switch (streamName) {
      case "stdout" -> 1;
      case "stderr" -> 2;
      default -> 0;
    };
    if (stream == 0) return;
    boolean partial = flagEnd - sp2 - 1 == 1 && d[sp2 + 1] == 'P';
    int textFrom = sp3 < 0 ? to : sp3 + 1;
    var buf = pending[stream];
    if (buf.size == 0) pendingTime[stream] = time;
    buf.append(d, textFrom, to - textFrom);
    if (!partial) {
      buf.append(new byte[] {'\n'}, 0, 1);
      out.add(new LogEntry(stream, pendingTime[stream], buf.take()));
    }
  }

  private static int indexOf(byte[] d, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (d[i] == b) return i;
    }
    return -1;
  }

  private static final class ByteBuf {
    private byte[] bytes = new byte[0];
    private int size;

    void append(byte[] src, int off, int len) {
      if (size + len > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(size + len, bytes.length * 2));
      System.arraycopy(src, off, bytes, size, len);
      size += len;
    }

    byte[] take() {
      var out = Arrays.copyOf(bytes, size);
      size = 0;
      return out;
    }
  }
}
