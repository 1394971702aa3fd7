package dev.berth.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {
  static final String LOG = """
      2026-11-27T17:24:10.000000001+00:00 stdout F one
      2026-11-27T17:24:11.000000002+00:00 stderr F two
      2026-11-27T17:24:12.000000003+00:00 stdout P thr
      2026-11-27T17:24:12.500000000+00:00 stdout F ee
      2026-11-27T17:24:13.000000004+00:00 stdout P tail-without-newline
      """;

  @TempDir Path dir;
  final LogReader reader = new LogReader(Clock.systemUTC(), Duration.ofMillis(5));

  List<String> read(LogQuery q) throws Exception {
    var file = dir.resolve("c.log");
    if (!Files.exists(file)) Files.writeString(file, LOG);
    var out = new CopyOnWriteArrayList<String>();
    reader.read(file, q, e -> out.add(e.stream() + ":" + new String(e.line())), () -> false);
    return out;
  }

  @Test
  void joinsPartialLinesAndKeepsTheUnterminatedTail() throws Exception {
    assertThat(read(new LogQuery(true, true, false, -1, null, null, false)))
        .containsExactly("1:one\n", "2:two\n", "1:three\n", "1:tail-without-newline");
  }

  @Test
  void selectsStreams() throws Exception {
    assertThat(read(new LogQuery(false, true, false, -1, null, null, false))).containsExactly("2:two\n");
    assertThatThrownBy(() -> new LogQuery(false, false, false, -1, null, null, false))
        .isInstanceOf(InvalidArgument.class).hasMessage("Bad parameters: you must choose at least one stream");
  }

  @Test
  void tailCountsBothStreamsBeforeSelecting() throws Exception {
    assertThat(read(new LogQuery(true, true, false, 3, null, null, false)))
        .containsExactly("2:two\n", "1:three\n", "1:tail-without-newline");
    assertThat(read(new LogQuery(false, true, false, 2, null, null, false))).isEmpty();
    assertThat(read(new LogQuery(true, true, false, 0, null, null, false))).isEmpty();
  }

  @Test
  void sinceAndUntilWindow() throws Exception {
    var since = LogQuery.parseTime("1795800251", "since");
    var until = LogQuery.parseTime("1795800252.000000003", "until");
    assertThat(since).isEqualTo(Instant.parse("2026-11-27T17:24:11Z"));
    assertThat(read(new LogQuery(true, true, false, -1, since, until, false))).containsExactly("2:two\n", "1:three\n");
  }

  @Test
  void tailParameter() {
    assertThat(LogQuery.parseTail("all")).isEqualTo(-1);
    assertThat(LogQuery.parseTail("")).isEqualTo(-1);
    assertThat(LogQuery.parseTail("3")).isEqualTo(3);
  }

  @Test
  void followSendsNewLinesUntilTheContainerStops() throws Exception {
    var file = dir.resolve("f.log");
    Files.writeString(file, "2026-11-27T17:24:10.000000001+00:00 stdout F a\n");
    var running = new AtomicBoolean(true);
    var out = new CopyOnWriteArrayList<String>();
    var done = CompletableFuture.runAsync(() -> {
      try {
        reader.read(file, new LogQuery(true, true, true, 1, null, null, false), e -> out.add(new String(e.line())), running::get);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (out.isEmpty() && System.nanoTime() < end) Thread.onSpinWait();
    Files.writeString(file, "2026-11-27T17:24:11.000000001+00:00 stdout F b\n", StandardOpenOption.APPEND);
    while (out.size() < 2 && System.nanoTime() < end) Thread.onSpinWait();
    assertThat(done).isNotDone();
    Files.writeString(file, "2026-11-27T17:24:12.000000001+00:00 stderr F c\n", StandardOpenOption.APPEND);
    running.set(false);
    done.get(5, TimeUnit.SECONDS);
    assertThat(out).containsExactly("a\n", "b\n", "c\n");
  }

  static String line(int i) {
    return "2026-11-27T17:25:%02d.000000000+00:00 stdout F n%d\n".formatted(i % 60, i);
  }

  @Test
  void readsRotatedAndCompressedFilesOldestFirst() throws Exception {
    var file = dir.resolve("r.log");
    Files.writeString(file.resolveSibling("r.log.2"), line(0) + line(1));
    Files.writeString(file.resolveSibling("r.log.1"), line(2) + "2026-11-27T17:25:03.000000000+00:00 stdout P spl\n");
    new LogFiles(file).compressRotated();
    Files.writeString(file, "2026-11-27T17:25:04.000000000+00:00 stdout F it\n" + line(5));
    var out = new CopyOnWriteArrayList<String>();
    reader.read(file, new LogQuery(true, true, false, -1, null, null, false), e -> out.add(new String(e.line())), () -> false);
    assertThat(out).containsExactly("n0\n", "n1\n", "n2\n", "split\n", "n5\n");
    out.clear();
    reader.read(file, new LogQuery(true, true, false, 2, null, null, false), e -> out.add(new String(e.line())), () -> false);
    assertThat(out).containsExactly("split\n", "n5\n");
  }

  @Test
  void followMovesToTheNewFileAfterARotationWithoutLosingLines() throws Exception {
    var file = dir.resolve("g.log");
    Files.writeString(file, line(0));
    var running = new AtomicBoolean(true);
    var out = new CopyOnWriteArrayList<String>();
    var done = CompletableFuture.runAsync(() -> {
      try {
        reader.read(file, new LogQuery(true, true, true, -1, null, null, false), e -> out.add(new String(e.line())), running::get);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (out.isEmpty() && System.nanoTime() < end) Thread.onSpinWait();
    // rotate as LogRotator does: rename, the writer finishes its last write to the old file, then reopens
    try (var writer = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
      new LogFiles(file).shift(5);
      writer.write(line(1).getBytes());
    }
    Files.writeString(file, line(2));
    new LogFiles(file).compressRotated();
    Files.writeString(file, line(3), StandardOpenOption.APPEND);
    while (out.size() < 4 && System.nanoTime() < end) Thread.onSpinWait();
    running.set(false);
    done.get(5, TimeUnit.SECONDS);
    assertThat(out).containsExactly("n0\n", "n1\n", "n2\n", "n3\n");
  }

  @Test
  void followCatchesUpWhenSeveralRotationsHappenBetweenTwoLooks() throws Exception {
    var slow = new LogReader(Clock.systemUTC(), Duration.ofMillis(700));
    var file = dir.resolve("h.log");
    Files.writeString(file, line(0));
    var running = new AtomicBoolean(true);
    var out = new CopyOnWriteArrayList<String>();
    var done = CompletableFuture.runAsync(() -> {
      try {
        slow.read(file, new LogQuery(true, true, true, -1, null, null, false), e -> out.add(new String(e.line())), running::get);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (out.isEmpty() && System.nanoTime() < end) Thread.onSpinWait();
    Thread.sleep(50); // the follower is now asleep for its poll
    var files = new LogFiles(file);
    files.shift(10);
    Files.writeString(file, line(1));
    files.shift(10);
    Files.writeString(file, line(2));
    files.compressRotated();
    files.shift(10);
    Files.writeString(file, line(3));
    while (out.size() < 4 && System.nanoTime() < end) Thread.onSpinWait();
    running.set(false);
    done.get(5, TimeUnit.SECONDS);
    assertThat(out).containsExactly("n0\n", "n1\n", "n2\n", "n3\n");
  }
}
