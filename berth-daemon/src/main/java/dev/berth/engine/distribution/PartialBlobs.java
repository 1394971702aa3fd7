package dev.berth.engine.distribution;

import dev.berth.content.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Blob downloads in progress, kept under {@code <dir>/<hex>} so that a pull cut short resumes
 * where it stopped (next attempt or next pull, also after a daemon restart). Nothing here is
 * visible as content: a file becomes a blob only through {@code ContentStore.adopt}, after its
 * digest checks. One download of a digest at a time. Thread-safe.
 */
final class PartialBlobs {
  private final Path dir;
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  PartialBlobs(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Work on one digest's partial file. */
  @FunctionalInterface
  interface Job {
    void run(Path partial) throws IOException;
  }

  /** Runs {@code job} with the partial file of {@code digest} while no other download of it runs. */
  void with(Digest digest, Job job) throws IOException {
    var lock = locks.computeIfAbsent(digest.hex(), k -> new ReentrantLock());
    lock.lock();
    try {
      job.run(dir.resolve(digest.hex()));
    } finally {
      lock.unlock();
    }
  }
}
