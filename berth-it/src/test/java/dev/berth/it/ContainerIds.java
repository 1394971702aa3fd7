package dev.berth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;

/**
 * Records the id of every container a test daemon makes, so the leak check can look for that
 * container's cgroups, processes and netns after the suite (other daemons on this host share
 * {@code /sys/fs/cgroup/&#42;/berth}, so only ids made here may be blamed). Watches (inotify) the
 * daemon's {@code containers/} dir and its exec root for 64-hex entries and appends each id to
 * {@link #file()}; short-lived {@code --rm} containers are caught too.
 */
final class ContainerIds implements AutoCloseable {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

  private final Path containersDir;
  private final Path execRoot;
  private final Path dataRoot;
  private final WatchService watcher;
  private final Thread thread;

  ContainerIds(Path dataRoot, Path execRoot) {
    this.dataRoot = dataRoot;
    this.containersDir = dataRoot.resolve("containers");
    this.execRoot = execRoot;
    try {
      this.watcher = FileSystems.getDefault().newWatchService();
      dataRoot.register(watcher, ENTRY_CREATE);
      execRoot.register(watcher, ENTRY_CREATE);
      registerContainersDir();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.thread = Thread.ofPlatform().daemon().name("ids-" + dataRoot).start(this::loop);
  }

  /** The suite-wide list of container ids made by test daemons, one a line. */
  static Path file() {
    return ItPaths.base().resolve("container-ids");
  }

  private void registerContainersDir() throws IOException {
    if (Files.isDirectory(containersDir)) {
      containersDir.register(watcher, ENTRY_CREATE);
      scan(containersDir);
    }
  }

  private void loop() {
    try {
      while (true) {
        WatchKey key = watcher.take();
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.context() instanceof Path name) {
            if (dir.equals(dataRoot) && name.toString().equals("containers")) {
              registerContainersDir();
            } else {
              record(name.toString());
            }
          }
        }
        key.reset();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One last listing, for anything created between the final event and close. */
  private void scan(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        record(p.getFileName().toString());
      }
    }
  }

  private synchronized void record(String name) {
    if (!ID.matcher(name).matches()) {
      return;
    }
    try {
      Files.writeString(file(), name + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    scan(containersDir);
    scan(execRoot);
    watcher.close();
    thread.interrupt();
  }
}
