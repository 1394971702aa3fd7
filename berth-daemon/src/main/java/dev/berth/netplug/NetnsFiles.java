package dev.berth.netplug;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Persistent network namespaces, one per container, at {@code <exec-root>/netns/<container id>}.
 *
 * <p>Why not {@code ip netns add}: that writes to the host-wide /var/run/netns, which every daemon on
 * the host shares, so a start-up scan could not tell our namespaces from anyone else's. Here the
 * namespace file is an nsfs bind mount made by {@code unshare --net=FILE} (util-linux), which also
 * brings up loopback inside it; it stays alive without any process, is found again after a daemon
 * restart by listing the folder, and goes away with {@code umount} + unlink. Thread-safe.
 */
public final class NetnsFiles {
  private final Path dir;

  public NetnsFiles(Path execRoot) {
    this.dir = execRoot.resolve("netns");
  }

  public Path path(String containerId) {
    return dir.resolve(containerId);
  }

  /** Creates the namespace (loopback up) unless it exists; returns its path. */
  public Path create(String containerId) {
    var file = path(containerId);
    if (isMounted(file)) {
      return file;
    }
    try {
      Files.createDirectories(dir);
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var result = Command.run(List.of("unshare", "--net=" + file, "ip", "link", "set", "lo", "up"));
    if (!result.ok()) {
      remove(containerId);
      throw new NetworkOperationException("failed to create network namespace: " + result.describe());
    }
    return file;
  }

  /** Unmounts and deletes the namespace file. Idempotent. */
  public void remove(String containerId) {
    var file = path(containerId);
    if (isMounted(file)) {
      var result = Command.run(List.of("umount", file.toString()));
      if (!result.ok() && isMounted(file)) {
        Command.run(List.of("umount", "-l", file.toString()));
      }
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Container ids that have a namespace file (mounted or a leftover). */
  public List<String> list() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return new ArrayList<>(files.map(f -> f.getFileName().toString()).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean exists(String containerId) {
    return isMounted(path(containerId));
  }

  private static boolean isMounted(Path file) {
    return mountPoints().contains(file.toAbsolutePath().toString());
  }

  private static Set<String> mountPoints() {
    try {
      var points = new HashSet<String>();
      for (var line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        var fields = line.split(" ");
        if (fields.length > 4) {
          points.add(fields[4].replace("\\040", " "));
        }
      }
      return points;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
