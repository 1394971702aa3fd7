package dev.berth.runtime;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches conmon's exit dir and tells listeners once per exit file (id). Exit files present when
 * watching starts are not reported (the container service reconciles those with
 * {@link RuntimeService#exitCode}); every later one is, even if inotify drops events (a rescan
 * runs every second). Runs on one platform daemon thread; thread-safe.
 */
final class ExitWatcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ExitWatcher.class.getName());

  private final Path exitDir;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private WatchService watch;
  private Thread thread;

  ExitWatcher(Path exitDir) {
    this.exitDir = exitDir;
  }

  synchronized void addListener(Consumer<String> listener) {
    listeners.add(listener);
    if (thread == null) start();
  }

  /** Forgets an id (its container was deleted), so a new container with that id reports again. */
  void forget(String id) {
    reported.remove(id);
  }

  /** The exit code in {@code exitDir/<id>}, empty if there is none (yet) or it is half-written. */
  static OptionalInt read(Path exitFile) {
    try {
      var text = Files.readString(exitFile).strip();
      return text.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(text));
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private void start() {
    try {
      Files.createDirectories(exitDir);
      watch = FileSystems.getDefault().newWatchService();
      exitDir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      try (var existing = Files.list(exitDir)) {
        existing.forEach(p -> reported.add(p.getFileName().toString()));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot watch " + exitDir, e);
    }
    thread = Thread.ofPlatform().daemon().name("berth-exit-watcher").start(this::loop);
  }

  private void loop() {
    try {
      while (true) {
        var key = watch.poll(1, TimeUnit.SECONDS);
        if (key != null) {
          key.pollEvents(); // the names are rescanned below; OVERFLOW needs the same
          key.reset();
        }
        scan();
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // closed: stop
    }
  }

  private void scan() {
    try (var files = Files.list(exitDir)) {
      for (var p : files.toList()) {
        var id = p.getFileName().toString();
        if (id.startsWith(".") || reported.contains(id) || read(p).isEmpty()) continue;
        if (reported.add(id)) notifyAll(id);
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot scan " + exitDir, e);
    }
  }

  private void notifyAll(String id) {
    for (var l : listeners) {
      try {
        l.accept(id);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "exit listener failed for " + id, e);
      }
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (watch != null) watch.close();
    } catch (IOException ignored) {
      // closing an inotify fd does not fail usefully
    }
    if (thread != null) thread.interrupt();
  }
}
