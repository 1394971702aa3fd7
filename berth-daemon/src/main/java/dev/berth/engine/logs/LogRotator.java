package dev.berth.engine.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Rotates container logs at {@code max-size}, keeping {@code max-file} files, and gzips rotated
 * ones when {@code compress} is set. conmon writes the file and outlives the daemon, so rotation
 * is: rename the files (the current one becomes {@code .1}; conmon keeps appending to it through
 * its open descriptor), then ask conmon to reopen (its ctl fifo), which makes a new empty current
 * file. A rotated file is compressed only once the new current file exists, i.e. once conmon
 * has stopped writing to it; a crash in between is repaired on the next pass (a running container
 * without a current file is asked to reopen). The size is checked every {@link #PERIOD}, so a file
 * can pass max-size by what the container writes in that time; while the daemon is down nothing
 * rotates and nothing is lost. One virtual thread; {@link #close()} stops it.
 */
public final class LogRotator implements AutoCloseable {
  static final Duration PERIOD = Duration.ofMillis(100);
  private static final Duration REOPEN_WAIT = Duration.ofSeconds(2);
  private static final System.Logger LOG = System.getLogger(LogRotator.class.getName());

  /** A log to watch: the container {@code id} runs and writes {@code file} with {@code settings}. */
  public record Target(String id, Path file, LogSettings settings, boolean running) {}

  private final Supplier<List<Target>> targets;
  private final Consumer<String> reopen;
  private final Thread thread;
  private volatile boolean closed;

  /** @param reopen asks the container's monitor to reopen its log file; may throw when the monitor is gone */
  public LogRotator(Supplier<List<Target>> targets, Consumer<String> reopen) {
    this.targets = targets;
    this.reopen = reopen;
    this.thread = Thread.ofVirtual().name("log-rotator").unstarted(this::loop);
  }

  public LogRotator start() {
    thread.start();
    return this;
  }

  private void loop() {
    var previous = new java.util.HashMap<String, Target>();
    while (!closed) {
      try {
        var now = new java.util.HashMap<String, Target>();
        for (var t : targets.get()) {
          if (!t.settings().rotates()) continue;
          now.put(t.id(), t);
          check(t);
        }
        // stopped since the last pass: a last pass compresses what its final rotation left
        for (var gone : previous.values()) {
          if (!now.containsKey(gone.id()) && gone.settings().compress()) {
            check(new Target(gone.id(), gone.file(), gone.settings(), false));
          }
        }
        previous = now;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "log rotation: " + e.getMessage());
      }
      try {
        Thread.sleep(PERIOD);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One pass over one log; public for tests that rotate without waiting for the period. */
  public void check(Target t) {
    var files = new LogFiles(t.file());
    try {
      if (t.running() && !Files.exists(t.file())) {
        if (files.rotated().isEmpty()) return; // not started writing yet
        reopen(t); // a rotation was cut short: conmon still writes to .1
        return;
      }
      if (t.running() && Files.exists(t.file()) && Files.size(t.file()) >= t.settings().maxSize()) {
        files.shift(t.settings().maxFiles());
        reopen(t);
      }
      if (t.settings().compress() && (!t.running() || Files.exists(t.file()))) files.compressRotated();
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "log rotation of " + t.id() + ": " + e.getMessage());
    }
  }

  /**
   * Asks the monitor to reopen and waits for the new file. When the monitor is gone (the container
   * exited meanwhile) or does not answer, an empty current file is made as dockerd always has one;
   * a monitor that reopens later replaces it by rename, so nothing written is lost.
   */
  private void reopen(Target t) throws IOException {
    boolean asked;
    try {
      reopen.accept(t.id());
      asked = true;
    } catch (RuntimeException e) {
      asked = false; // the monitor is gone: nobody writes the file any more
    }
    long deadline = System.nanoTime() + REOPEN_WAIT.toNanos();
    while (asked && !Files.exists(t.file()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    try {
      Files.createFile(t.file(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // the monitor made it
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
