package dev.berth.engine.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Reads a container's log (conmon's k8s-file format, see {@link LogFiles}) for {@code docker logs}:
 * the rotated files oldest first (gzip'd ones decompressed), then the current one; tail,
 * since/until and stream selection as dockerd applies them (tail counts messages of both streams,
 * then the other filters apply); {@code follow} polls the current file every {@link #POLL} until
 * the container has stopped and everything it wrote was sent, and moves to the new current file
 * when the log was rotated (after reading the old one to its end). Stateless; thread-safe.
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
   * (the client went away) or when interrupted. Missing files read as empty.
   */
  public void read(Path file, LogQuery query, LogSink sink, BooleanSupplier running) throws IOException {
    var out = new Output(query, sink);
    var snapshot = Snapshot.open(file);
    var current = snapshot.current;
    try {
      for (var rotated : snapshot.rotated) {
        try (InputStream in = rotated) {
          out.drain(in);
        }
      }
      if (current != null) out.drain(current);
      if (!query.follow()) {
        out.finish();
        return;
      }
      out.flushTail();
      follow(file, current, out, running);
    } finally {
      snapshot.closeRotated();
      if (current != null) current.close();
    }
  }

  /**
   * The rotated files and the current one, all opened at one moment: the rotator renames, gzips
   * and deletes them while we read, so the names are listed with their identities, opened, and
   * listed again; a rotation in between makes us start over.
   */
  private record Snapshot(Current current, List<InputStream> rotated) {
    static Snapshot open(Path file) throws IOException {
      for (int attempt = 0; ; attempt++) {
        var before = identities(file);
        var current = Current.open(file);
        var opened = new java.util.ArrayList<InputStream>();
        boolean consistent = true;
        try {
          for (var p : new LogFiles(file).rotated()) {
            var key = Current.key(p);
            if (key == null || current != null && key.equals(current.key)) {
              consistent = key != null;
              if (!consistent) break;
              continue;
            }
            InputStream in;
            try {
              in = Files.newInputStream(p);
            } catch (NoSuchFileException e) {
              consistent = false;
              break;
            }
            opened.add(in);
            if (!key.equals(Current.key(p))) {
              consistent = false;
              break;
            }
            if (p.getFileName().toString().endsWith(LogFiles.GZ)) opened.set(opened.size() - 1, LogFiles.gunzip(in));
          }
        } catch (IOException e) {
          consistent = false;
        }
        if (consistent && before.equals(identities(file)) || attempt >= 50) {
          return new Snapshot(current, opened);
        }
        for (var in : opened) in.close();
        if (current != null) current.close();
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted");
        }
      }
    }

    private static List<Object> identities(Path file) {
      var out = new java.util.ArrayList<Object>();
      for (var p : new LogFiles(file).rotated()) out.add(p.getFileName() + "=" + Current.key(p));
      out.add(Current.key(file));
      return out;
    }

    void closeRotated() throws IOException {
      for (var in : rotated) in.close();
    }
  }

  private void follow(Path file, Current current, Output out, BooleanSupplier running) throws IOException {
    boolean lastRound = false;
    try {
      while (true) {
        var q = out.query;
        if (q.until() != null && clock.instant().isAfter(q.until())) return;
        boolean stopped = !running.getAsBoolean();
        boolean grew = current != null && out.drain(current);
        if (!grew) {
          var key = Current.key(file);
          if (key != null && (current == null || !key.equals(current.key))) {
            // rotated (or created): the old file is final once the new one exists
            byte[] first = null;
            if (current != null) {
              grew = out.drain(current);
              first = current.firstLine();
              current.close();
              current = null;
            }
            var snapshot = Snapshot.open(file);
            current = snapshot.current;
            grew |= catchUp(snapshot, first, out);
            if (current != null) grew |= out.drain(current);
            continue;
          }
        }
        if (stopped && !grew) {
          if (lastRound) {
            out.finish();
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
    } finally {
      if (current != null) current.close();
    }
  }

  /**
   * After a rotation: sends the rotated files newer than the one just finished (whose first line
   * is {@code first}); more than one when several rotations happened since the last look. Files
   * are told apart by their first line (it starts with a nanosecond timestamp). When the finished
   * file is gone (dropped by max-file), every rotated file is newer.
   */
  private static boolean catchUp(Snapshot snapshot, byte[] first, Output out) throws IOException {
    try {
      if (first == null) return false;
      var heads = new java.util.ArrayList<byte[]>();
      var streams = new java.util.ArrayList<java.io.BufferedInputStream>();
      for (var in : snapshot.rotated) {
        var b = new java.io.BufferedInputStream(in, 64 * 1024);
        b.mark(8192);
        heads.add(firstLine(b.readNBytes(8192)));
        b.reset();
        streams.add(b);
      }
      int from = 0;
      for (int i = 0; i < heads.size(); i++) {
        if (Arrays.equals(heads.get(i), first)) from = i + 1;
      }
      boolean any = false;
      for (int i = from; i < streams.size(); i++) {
        out.drain(streams.get(i));
        any = true;
      }
      return any;
    } finally {
      snapshot.closeRotated();
    }
  }

  /** The bytes before the first newline, or null when there is no whole line. */
  static byte[] firstLine(byte[] data) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\n') return Arrays.copyOf(data, i);
    }
    return null;
  }

  /** The current file, open, with the identity (device and inode) it had when opened. */
  private static final class Current implements AutoCloseable {
    final RandomAccessFile raf;
    final Object key;

    private Current(RandomAccessFile raf, Object key) {
      this.raf = raf;
      this.key = key;
    }

    static Current open(Path file) throws IOException {
      for (int attempt = 0; attempt < 3; attempt++) {
        var before = key(file);
        if (before == null) return null;
        RandomAccessFile raf;
        try {
          raf = new RandomAccessFile(file.toFile(), "r");
        } catch (java.io.FileNotFoundException e) {
          continue;
        }
        if (before.equals(key(file))) return new Current(raf, before);
        raf.close(); // replaced between stat and open: try again
      }
      return null;
    }

    static Object key(Path file) {
      try {
        return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
      } catch (IOException e) {
        return null;
      }
    }

    /** The file's first line (read at offset 0, leaving the read position alone), or null. */
    byte[] firstLine() throws IOException {
      var buf = java.nio.ByteBuffer.allocate(8192);
      raf.getChannel().read(buf, 0);
      return LogReader.firstLine(Arrays.copyOf(buf.array(), buf.position()));
    }

    boolean sameFile(Path other) {
      return Objects.equals(key, key(other));
    }

    @Override
    public void close() throws IOException {
      raf.close();
    }
  }

  /** The parser, the tail window and the filters, fed with file bytes in order. */
  private static final class Output {
    final LogQuery query;
    final LogSink sink;
    final K8sFileParser parser = new K8sFileParser();
    final byte[] buf = new byte[CHUNK];
    byte[] carry = new byte[0];
    ArrayDeque<LogEntry> tail;

    Output(LogQuery query, LogSink sink) {
      this.query = query;
      this.sink = sink;
      this.tail = query.tail() < 0 ? null : new ArrayDeque<>(Math.min(query.tail() + 1, 4096));
    }

    /** Reads {@code in} to its end. */
    void drain(InputStream in) throws IOException {
      int n;
      while ((n = in.read(buf)) > 0) feed(n);
    }

    /** Reads the current file from where the last read stopped; returns whether there was anything. */
    boolean drain(Current c) throws IOException {
      boolean any = false;
      int n;
      while ((n = c.raf.read(buf)) > 0) {
        feed(n);
        any = true;
      }
      return any;
    }

    private void feed(int n) throws IOException {
      var data = new byte[carry.length + n];
      System.arraycopy(carry, 0, data, 0, carry.length);
      System.arraycopy(buf, 0, data, carry.length, n);
      int end = lastNewline(data) + 1;
      emit(parser.feed(data, 0, end));
      carry = Arrays.copyOfRange(data, end, data.length);
    }

    private void emit(List<LogEntry> entries) throws IOException {
      for (var e : entries) {
        if (tail != null) {
          tail.addLast(e);
          if (tail.size() > query.tail()) tail.removeFirst();
        } else if (query.wants(e.stream()) && query.inWindow(e.time())) {
          sink.write(e);
        }
      }
    }

    /** The backlog is read: send the tail window, then pass messages straight through. */
    void flushTail() throws IOException {
      if (tail == null) return;
      var window = List.copyOf(tail);
      tail = null;
      emit(window);
    }

    /** Everything is read: unterminated pieces count as messages too. */
    void finish() throws IOException {
      emit(parser.flush());
      flushTail();
    }

    private static int lastNewline(byte[] data) {
      for (int i = data.length - 1; i >= 0; i--) {
        if (data[i] == '\n') return i;
      }
      return -1;
    }
  }
}
