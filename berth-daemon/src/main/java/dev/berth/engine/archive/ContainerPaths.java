package dev.berth.engine.archive;

import dev.berth.os.ErrnoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a container path as the container sees it (moby's {@code FollowSymlinkInScope} against
 * the container root): {@code ..} stops at the root, absolute symlink targets restart at the root,
 * relative ones continue from the link's folder. Every folder is looked at through
 * {@link DirFd#resolve}, so the kernel keeps each step inside the root even if the tree changes
 * meanwhile. Components that do not exist are kept as written. Pure apart from reading the tree.
 */
final class ContainerPaths {
  private static final int MAX_LINKS = 255;

  private ContainerPaths() {}

  /** Splits and lexically cleans an absolute or relative container path: "", "." dropped, ".." pops. */
  static List<String> clean(String path) {
    var out = new ArrayList<String>();
    for (var part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) continue;
      if (part.equals("..")) {
        if (!out.isEmpty()) out.removeLast();
        continue;
      }
      out.add(part);
    }
    return out;
  }

  static String join(List<String> parts) {
    return "/" + String.join("/", parts);
  }

  /** The symlink-free components of {@code path}; the last one is followed only when {@code followLast}. */
  static List<String> resolve(DirFd root, String path, boolean followLast) throws IOException {
    Deque<String> todo = new ArrayDeque<>(clean(path));
    var done = new ArrayList<String>();
    int links = 0;
    boolean missing = false;
    while (!todo.isEmpty()) {
      var part = todo.removeFirst();
      if (part.equals("..")) {
        if (!done.isEmpty()) done.removeLast();
        continue;
      }
      if (part.isEmpty() || part.equals(".")) continue;
      boolean last = todo.isEmpty();
      if (missing || (last && !followLast)) {
        done.add(part);
        continue;
      }
      var target = readLink(root, done, part);
      if (target == null) {
        done.add(part);
        continue;
      }
      if (target.isEmpty()) { // absent: the rest is kept as written
        missing = true;
        done.add(part);
        continue;
      }
      if (++links > MAX_LINKS) throw new IOException("too many symlinks in " + path);
      if (target.startsWith("/")) done.clear();
      var parts = target.split("/");
      for (int i = parts.length - 1; i >= 0; i--) todo.addFirst(parts[i]);
    }
    return done;
  }

  /** The link target of {@code dir/name}, null when it is no symlink, "" when it does not exist. */
  private static String readLink(DirFd root, List<String> dir, String name) throws IOException {
    try (var parent = root.resolve(dir.isEmpty() ? "." : String.join("/", dir))) {
      var p = parent.path(name);
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (java.nio.file.FileSystemException e) {
        return "";
      }
      return attrs.isSymbolicLink() ? Files.readSymbolicLink(p).toString() : null;
    } catch (ErrnoException e) {
      if (e.errno() == ErrnoException.ENOENT || e.errno() == ErrnoException.ENOTDIR) return "";
      throw e;
    }
  }
}
