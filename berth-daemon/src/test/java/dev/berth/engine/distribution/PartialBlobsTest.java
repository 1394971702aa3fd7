package dev.berth.engine.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.content.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartialBlobsTest {
  @TempDir Path dir;
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T12:00:00Z"));
  private final InstantSource clock = () -> now.get();
  private static final PartialBlobs.Policy HOUR = new PartialBlobs.Policy(Duration.ofHours(1), 1 << 20);

  private Path partial(Digest d, int size, Duration age) throws IOException {
    var p = Files.write(dir.resolve(d.hex()), new byte[size]);
    Files.setLastModifiedTime(p, FileTime.from(now.get().minus(age)));
    return p;
  }

  private List<String> left() throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Digest digest(String s) {
    return Digest.of(s.getBytes());
  }

  @Test
  void atStartOldStrayAndFinishedPartialsGoAndRecentOnesStayForARetry() throws IOException {
    var fresh = partial(digest("fresh"), 10, Duration.ofMinutes(59));
    partial(digest("old"), 10, Duration.ofMinutes(61));
    partial(digest("finished"), 10, Duration.ZERO);
    Files.writeString(dir.resolve("stray.tmp"), "x");
    Files.createDirectories(dir.resolve(digest("a-dir").hex()).resolve("sub"));
    new PartialBlobs(dir, HOUR, clock, Set.of(digest("finished"))::contains);
    assertThat(left()).containsExactly(fresh.getFileName().toString());
  }

  @Test
  void aPartialAgesFromItsLastWriteAndGoesAtTheNextPullsSweep() throws IOException {
    var p = partial(digest("p"), 10, Duration.ZERO);
    var partials = new PartialBlobs(dir, HOUR, clock, d -> false);
    now.set(now.get().plus(Duration.ofMinutes(30)));
    partials.sweep();
    assertThat(p).exists();
    now.set(now.get().plus(Duration.ofMinutes(31)));
    partials.sweep();
    assertThat(p).doesNotExist();
  }

  @Test
  void beyondTheSizeBoundTheLeastRecentlyWrittenGoFirst() throws IOException {
    var newest = partial(digest("newest"), 400_000, Duration.ofMinutes(1));
    var middle = partial(digest("middle"), 400_000, Duration.ofMinutes(2));
    partial(digest("oldest"), 400_000, Duration.ofMinutes(3));
    new PartialBlobs(dir, HOUR, clock, d -> false);
    assertThat(left()).containsExactlyInAnyOrder(newest.getFileName().toString(), middle.getFileName().toString());
  }

  @Test
  void aPartialBeingDownloadedIsNeverRemoved() throws IOException {
    var d = digest("busy");
    var partials = new PartialBlobs(dir, HOUR, clock, x -> false);
    partials.with(d, path -> {
      Files.write(path, new byte[10]);
      Files.setLastModifiedTime(path, FileTime.from(now.get().minus(Duration.ofDays(2))));
      partials.sweep();
      assertThat(path).exists();
    });
    partials.sweep();
    assertThat(left()).isEmpty();
  }
}
