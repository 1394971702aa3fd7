package dev.berth.engine.archive;

import dev.berth.engine.container.ContainerFiles;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import dev.berth.os.ErrnoException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code docker cp} and {@code docker export} (moby {@code daemon/archive_unix.go}, {@code
 * export.go}). Paths are the container's: a running container is reached through {@code
 * /proc/<pid>/root} (its mounts and volumes as it sees them); a stopped one has its rootfs mounted
 * and its volumes bound in for the call ({@link ContainerFiles#whileStopped}). Every lookup goes
 * through {@link DirFd} ({@code openat2} with {@code RESOLVE_IN_ROOT}), so no symlink in the
 * container reaches the host. Events: {@code archive-path}, {@code extract-to-dir}, {@code export}.
 * Thread-safe.
 */
public final class ContainerArchives {
  /** Opens the response once the call is known to succeed; {@code stat} is null for export. */
  public interface Sink {
    OutputStream open(PathStat stat) throws IOException;
  }

  private interface RootTask<T> {
    T run(DirFd root, ContainerFiles.Facts facts) throws IOException;
  }

  private final ContainerFiles containers;

  public ContainerArchives(ContainerFiles containers) {
    this.containers = containers;
  }

  /** {@code HEAD /containers/{id}/archive}. */
  public PathStat stat(String ref, String path) {
    return inRoot(ref, false, (root, facts) -> stat(root, facts, ref, path));
  }

  /** {@code GET /containers/{id}/archive}: the resource as a tar, its stat in the header. */
  public void get(String ref, String path, Sink sink) {
    inRoot(ref, false, (root, facts) -> {
      var stat = stat(root, facts, ref, path);
      var parts = ContainerPaths.resolve(root, path, stat.isDir() && trailing(path));
      containers.emit(facts.id(), "archive-path", Map.of());
      try (var tar = new TreeTar(sink.open(stat), TreeTar.Options.PLAIN)) {
        if (parts.isEmpty()) {
          tar.writeDir(root, stat.name().equals("/") ? "." : stat.name());
        } else {
          try (var parent = root.resolve(rel(parts.subList(0, parts.size() - 1)))) {
            if (stat.isDir()) {
              try (var dir = parent.child(parts.getLast())) {
                tar.writeDir(dir, stat.name());
              }
            } else {
              tar.writeEntry(parent, parts.getLast(), stat.name());
            }
          }
        }
        tar.finish();
      }
      return null;
    });
  }

  /** {@code PUT /containers/{id}/archive}: unpacks {@code tar} into the folder {@code path}. */
  public void put(String ref, String path, boolean copyUIDGID, boolean noOverwriteDirNonDir, InputStream tar) {
    inRoot(ref, true, (root, facts) -> {
      var parts = ContainerPaths.resolve(root, path, true);
      var attrs = attributes(root, parts);
      if (attrs == null) throw notFound(path, ref);
      if (!attrs.isDirectory()) throw new InvalidArgument("extraction point is not a directory");
      checkWritable(facts, ContainerPaths.join(parts));
      long[] chown = null;
      if (copyUIDGID && facts.config().user() != null && !facts.config().user().isEmpty()) {
        var user = dev.berth.runtime.UserResolver.resolve(root.path(), facts.config().user(), List.of());
        chown = new long[] {user.uid(), user.gid()};
      }
      new TarExtract(root, parts, noOverwriteDirNonDir, chown).extract(tar);
      containers.emit(facts.id(), "extract-to-dir", Map.of());
      return null;
    });
  }

  /** {@code GET /containers/{id}/export}: the container's merged root filesystem as a tar. */
  public void export(String ref, Sink sink) {
    var facts = containers.facts(ref);
    try {
      containers.whileStopped(ref, false, root -> {
        exportFrom(root, facts, sink);
        return null;
      }, () -> {
        try {
          var merged = facts.mergedDir();
          if (merged == null || !Files.isDirectory(merged)) throw new SystemError("container " + facts.id() + " has no mounted root");
          exportFrom(merged, facts, sink);
          return null;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      throw new SystemError(e.getMessage(), e);
    }
  }

  private void exportFrom(Path root, ContainerFiles.Facts facts, Sink sink) throws IOException {
    try (var dir = DirFd.open(root)) {
      containers.emit(facts.id(), "export", Map.of());
      try (var tar = new TreeTar(sink.open(null), TreeTar.Options.PLAIN)) {
        tar.writeChildren(dir, "");
        tar.finish();
      }
    }
  }

  private PathStat stat(DirFd root, ContainerFiles.Facts facts, String ref, String path) throws IOException {
    var parts = ContainerPaths.resolve(root, path, trailing(path));
    var lexical = ContainerPaths.clean(path);
    Map<String, Object> attrs;
    try {
      attrs = unixAttributes(root, parts);
    } catch (NoSuchFileException | ErrnoException e) {
      if (e instanceof ErrnoException errno && errno.errno() != ErrnoException.ENOENT) {
        throw new SystemError("lstat " + ContainerPaths.join(lexical) + ": " + errno.text(), e);
      }
      throw notFound(path, ref);
    } catch (java.nio.file.FileSystemException e) {
      throw new SystemError("lstat " + ContainerPaths.join(lexical) + ": not a directory", e);
    }
    String name = path.endsWith("/.") || path.equals(".") ? "." : lexical.isEmpty() ? "/" : lexical.getLast();
    int mode = (Integer) attrs.get("mode");
    String link = "";
    if ((mode & 0170000) == 0120000) link = ContainerPaths.join(ContainerPaths.resolve(root, path, true));
    return PathStat.of(name, ((Number) attrs.get("size")).longValue(), mode,
        (java.nio.file.attribute.FileTime) attrs.get("lastModifiedTime"), link);
  }

  /** A trailing slash or "/." makes the last component count as a folder, followed if a symlink. */
  private static boolean trailing(String path) {
    return path.endsWith("/") || path.endsWith("/.") || path.equals(".");
  }

  private static Map<String, Object> unixAttributes(DirFd root, List<String> parts) throws IOException {
    if (parts.isEmpty()) return Files.readAttributes(root.path(), "unix:mode,size,lastModifiedTime");
    try (var parent = root.resolve(rel(parts.subList(0, parts.size() - 1)))) {
      return Files.readAttributes(parent.path(parts.getLast()), "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    }
  }

  private static java.nio.file.attribute.BasicFileAttributes attributes(DirFd root, List<String> parts) throws IOException {
    if (parts.isEmpty()) return Files.readAttributes(root.path(), java.nio.file.attribute.BasicFileAttributes.class);
    try (var parent = root.resolve(rel(parts.subList(0, parts.size() - 1)))) {
      return TarExtract.lstat(parent.path(parts.getLast()));
    } catch (ErrnoException e) {
      if (e.errno() == ErrnoException.ENOENT || e.errno() == ErrnoException.ENOTDIR) return null;
      throw e;
    }
  }

  /** moby {@code checkWritablePath}: a read-only volume or rootfs refuses the copy before anything is written. */
  private static void checkWritable(ContainerFiles.Facts facts, String abs) {
    dev.berth.model.MountPoint best = null;
    for (var m : facts.mounts()) {
      var d = m.destination();
      if (abs.equals(d) || abs.startsWith(d.endsWith("/") ? d : d + "/")) {
        if (best == null || d.length() > best.destination().length()) best = m;
      }
    }
    if (best != null) {
      if (best.rw()) return;
      throw new InvalidArgument("mounted volume is marked read-only");
    }
    if (facts.readonlyRootfs()) throw new InvalidArgument("container rootfs is marked read-only");
  }

  private static NotFound notFound(String path, String ref) {
    return new NotFound("Could not find the file " + path + " in container " + ref);
  }

  private static String rel(List<String> parts) {
    return parts.isEmpty() ? "." : String.join("/", parts);
  }

  /** Runs {@code task} on the container's root as it sees it (volumes included); {@code write} for a PUT. */
  private <T> T inRoot(String ref, boolean write, RootTask<T> task) {
    var facts = containers.facts(ref);
    try {
      if (facts.running()) {
        var live = running(facts, task);
        if (live != null) return live.value();
      }
      return containers.whileStopped(ref, true, rootPath -> {
        try (var root = DirFd.open(rootPath)) {
          return task.run(root, containers.facts(ref));
        }
      }, () -> {
        try {
          var again = running(containers.facts(ref), task);
          if (again == null) throw new SystemError("container " + facts.id() + " stopped meanwhile");
          return again.value();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw failure(e.getCause());
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private record Result<T>(T value) {}

  /** Through {@code /proc/<pid>/root}; null when the container is not running (any more). */
  private <T> Result<T> running(ContainerFiles.Facts facts, RootTask<T> task) throws IOException {
    if (!facts.running() || facts.pid() <= 0) return null;
    DirFd root;
    try {
      root = DirFd.open(Path.of("/proc/" + facts.pid() + "/root"));
    } catch (ErrnoException e) {
      return null; // exited meanwhile
    }
    try (root) {
      // the pid could have exited and been reused between the look-up and the open
      var now = containers.facts(facts.id());
      if (!now.running() || now.pid() != facts.pid()) return null;
      return new Result<>(task.run(root, facts));
    }
  }

  private static RuntimeException failure(IOException e) {
    if (e instanceof ErrnoException errno && errno.errno() == ErrnoException.EROFS) {
      return new SystemError(e.getMessage(), e);
    }
    return new SystemError(e.getMessage(), e);
  }
}
