package dev.berth.engine.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Reads a container's k8s-file log (written by conmon) for {@code docker logs}: tail, since/until
 * and stream selection as dockerd applies them (tail counts messages of both streams, then the
 * other filters apply), and {@code follow} by polling the file every {@link #POLL} until the
 * container has stopped and everything it wrote was sent. Stateless; thread-safe.
 */
public final class LogReader {
  static final Duration POLL = Duration.ofMillis(100);
  private static final int CHUNK = 64 * 1024;

  private final Clock clock;
  private final Duration poll;

  public LogReader() {
    this(Clock.systemUTC(), POLL);
  }

  LogReader(Clock clock, Duration poll) {
    this.clock = clock;
    this.poll = poll;
  }

  /**
   * Sends the messages {@code query} selects to {@code sink}; with {@code follow}, keeps sending
   * new ones while {@code running} says the container runs. Returns when done, when the sink fails
   * (the client went away) or when interrupted. A missing file reads as empty.
   */
  public void read(Path file, LogQuery query, LogSink sink, BooleanSupplier running) throws IOException {
    var parser = new K8sFileParser();
    long offset;
    try (var raf = new RandomAccessFile(file.toFile(), "r")) {
      offset = backlog(raf, parser, query, sink, !query.follow());
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      offset = 0;
      if (!query.follow()) return;
    }
    if (!query.follow()) return;
    follow(file, offset, parser, query, sink, running);
  }

  /** Sends what the file holds now; {@code complete}: the unterminated tail counts as a message too. */
  private long backlog(RandomAccessFile raf, K8sFileParser parser, LogQuery q, LogSink sink, boolean complete)
      throws IOException {
    long size = raf.length();
    var tail = q.tail() < 0 ? null : new ArrayDeque<LogEntry>(Math.min(q.tail() + 1, 4096));
    long offset = 0;
    var buf = new byte[CHUNK];
    var carry = new byte[0];
    while (offset < size) {
      int n = raf.read(buf, 0, (int) Math.min(buf.length, size - offset));
      if (n <= 0) break;
      offset += n;
      var data = concat(carry, buf, n);
      int end = lastNewline(data) + 1;
      var entries = parser.feed(data, 0, end);
      carry = java.util.Arrays.copyOfRange(data, end, data.length);
      if (tail == null) {
        emit(entries, q, sink);
      } else {
        for (var e : entries) {
          tail.addLast(e);
          if (tail.size() > q.tail()) tail.removeFirst();
        }
      }
    }
    if (complete) {
      for (var e : parser.flush()) {
        if (tail == null) {
          emit(List.of(e), q, sink);
        } else {
          tail.addLast(e);
          if (tail.size() > q.tail()) tail.removeFirst();
        }
      }
    }
    if (tail != null) emit(List.copyOf(tail), q, sink);
    return offset - carry.length;
  }

  private void follow(Path file, long offset, K8sFileParser parser, LogQuery q, LogSink sink, BooleanSupplier running)
      throws IOException {
    var buf = new byte[CHUNK];
    var carry = new byte[0];
    boolean lastRound = false;
    while (true) {
      if (q.until() != null && clock.instant().isAfter(q.until())) return;
      boolean stopped = !running.getAsBoolean();
      boolean grew = false;
      if (Files.exists(file)) {
        try (var raf = new RandomAccessFile(file.toFile(), "r")) {
          if (raf.length() < offset) offset = 0; // truncated or replaced: start over
          raf.seek(offset);
          int n;
          while ((n = raf.read(buf)) > 0) {
            grew = true;
            offset += n;
            var data = concat(carry, buf, n);
            int end = lastNewline(data) + 1;
            emit(parser.feed(data, 0, end), q, sink);
            carry = java.util.Arrays.copyOfRange(data, end, data.length);
          }
        }
      }
      if (stopped && !grew) {
        if (lastRound) {
          emit(parser.flush(), q, sink);
          return;
        }
        lastRound = true; // one more pass: the monitor may still be flushing the last lines
      }
      if (!grew) {
        try {
          Thread.sleep(poll);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static void emit(List<LogEntry> entries, LogQuery q, LogSink sink) throws IOException {
    for (var e : entries) {
      if (q.wants(e.stream()) && q.inWindow(e.time())) sink.write(e);
    }
  }

  private static byte[] concat(byte[] carry, byte[] buf, int n) {
    var data = new byte[carry.length + n];
    System.arraycopy(carry, 0, data, 0, carry.length);
    System.arraycopy(buf, 0, data, carry.length, n);
    return data;
  }

  private static int lastNewline(byte[] data) {
    for (int i = data.length - 1; i >= 0; i--) {
      if (data[i] == '\n') return i;
    }
    return -1;
  }
}
