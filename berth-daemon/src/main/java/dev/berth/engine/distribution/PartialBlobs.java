package dev.berth.engine.distribution;

import dev.berth.content.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Blob downloads in progress, kept under {@code <dir>/<hex>} so that a pull cut short resumes
 * where it stopped (next attempt or next pull, also after a daemon restart). Nothing here is
 * visible as content: a file becomes a blob only through {@code ContentStore.adopt}, after its
 * digest checks. One download of a digest at a time. Thread-safe.
 *
 * <p>A pull that is never retried must not leave its bytes forever (dockerd keeps nothing across
 * a restart), so {@link #sweep} — at daemon start and at the start of every pull — removes what no
 * retry can use: files not named by a digest, partials of blobs the store has whole, partials
 * untouched for longer than {@link Policy#maxAge}, and the oldest partials beyond
 * {@link Policy#maxBytes} in total. A partial being downloaded is never removed.
 */
final class PartialBlobs {
  private static final System.Logger LOG = System.getLogger(PartialBlobs.class.getName());

  /**
   * How long and how much is kept for resuming.
   *
   * @param maxAge a partial not written for longer than this is removed
   * @param maxBytes the partials kept add up to at most this (the most recently written first)
   */
  record Policy(Duration maxAge, long maxBytes) {
    static final Policy DEFAULT = new Policy(Duration.ofHours(24), 4L << 30);
  }

  private final Path dir;
  private final Policy policy;
  private final InstantSource clock;
  private final Predicate<Digest> stored;
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /** @param stored whether the content store has a blob whole (its partial is then of no use) */
  PartialBlobs(Path dir, Policy policy, InstantSource clock, Predicate<Digest> stored) {
    this.dir = dir;
    this.policy = policy;
    this.clock = clock;
    this.stored = stored;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sweep();
  }

  /** Work on one digest's partial file. */
  @FunctionalInterface
  interface Job {
    void run(Path partial) throws IOException;
  }

  /** Runs {@code job} with the partial file of {@code digest} while no other download of it runs. */
  void with(Digest digest, Job job) throws IOException {
    var lock = lock(digest.hex());
    lock.lock();
    try {
      job.run(dir.resolve(digest.hex()));
    } finally {
      lock.unlock();
    }
  }

  private record Kept(Path path, String name, long size, long modified) {}

  /** Removes what the policy does not keep (see the class comment); never fails a caller. */
  void sweep() {
    try {
      var kept = new ArrayList<Kept>();
      long oldest = clock.instant().minus(policy.maxAge()).toEpochMilli();
      try (var files = Files.list(dir)) {
        for (var p : (Iterable<Path>) files::iterator) {
          var name = p.getFileName().toString();
          var attrs = attributes(p);
          if (attrs == null) continue;
          if (!Digest.isHex64(name) || !attrs.isRegularFile()) {
            remove(p, name, "not a partial download");
          } else if (stored.test(Digest.ofHex(name))) {
            remove(p, name, "the blob is stored whole");
          } else if (attrs.lastModifiedTime().toMillis() < oldest) {
            remove(p, name, "not resumed for over " + policy.maxAge());
          } else {
            kept.add(new Kept(p, name, attrs.size(), attrs.lastModifiedTime().toMillis()));
          }
        }
      }
      kept.sort(Comparator.comparingLong(Kept::modified).reversed());
      long total = 0;
      for (var k : kept) {
        total += k.size();
        if (total > policy.maxBytes()) {
          remove(k.path(), k.name(), "partial downloads exceed " + policy.maxBytes() + " bytes");
        }
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.log(Level.WARNING, "cleaning partial downloads in " + dir + ": " + e.getMessage());
    }
  }

  private void remove(Path p, String name, String why) throws IOException {
    var lock = lock(name);
    if (lock.isHeldByCurrentThread() || !lock.tryLock()) return; // being downloaded now
    try {
      if (attributes(p) instanceof BasicFileAttributes a && a.isDirectory()) {
        dev.berth.snapshot.LayerUnpacker.deleteTree(p);
      } else {
        Files.deleteIfExists(p);
      }
      LOG.log(Level.INFO, "removed partial download " + name + ": " + why);
    } finally {
      lock.unlock();
    }
  }

  private ReentrantLock lock(String name) {
    return locks.computeIfAbsent(name, k -> new ReentrantLock());
  }

  private static BasicFileAttributes attributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
