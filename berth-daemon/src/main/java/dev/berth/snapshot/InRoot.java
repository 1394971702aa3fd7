package dev.berth.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path inside a root the way {@code openat2(RESOLVE_IN_ROOT)} does: {@code ..} stops at
 * the root, absolute symlink targets restart at the root, relative ones continue from the link's
 * folder. The result contains no symlink except, when asked, the last component, so nothing done
 * on it can reach outside the root. Only safe while no one else changes the tree (a layer being
 * unpacked into a private temp folder), which is how it is used.
 */
public final class InRoot {
  private static final int MAX_LINKS = 40;

  private InRoot() {}

  /** Splits and lexically cleans a tar name: "", "." dropped, ".." pops (never above the root). */
  public static List<String> clean(String name) {
    var out = new ArrayList<String>();
    for (var part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty()) {
          out.removeLast();
        }
        continue;
      }
      out.add(part);
    }
    return out;
  }

  /** Whether {@code target}, relative to folder {@code dir} (components from the root), climbs above the root. */
  static boolean escapes(List<String> dir, String target) {
    if (target.startsWith("/")) {
      return false;
    }
    int depth = dir.size();
    for (var part : target.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (--depth < 0) {
          return true;
        }
      } else {
        depth++;
      }
    }
    return false;
  }

  /**
   * Resolves {@code components} under {@code root}, following every symlink met on the way (inside
   * the root) except the final component when {@code followLast} is false.
   */
  public static Path resolve(Path root, List<String> components, boolean followLast) throws IOException {
    Deque<String> todo = new ArrayDeque<>(components);
    var done = new ArrayList<String>();
    int links = 0;
    while (!todo.isEmpty()) {
      var part = todo.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.removeLast();
        }
        continue;
      }
      var candidate = join(root, done).resolve(part);
      boolean last = todo.isEmpty();
      if ((!last || followLast) && Files.isSymbolicLink(candidate)) {
        if (++links > MAX_LINKS) {
          throw new IOException("too many levels of symbolic links: " + candidate);
        }
        var target = Files.readSymbolicLink(candidate).toString();
        if (target.startsWith("/")) {
          done.clear();
        }
        var parts = target.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
          todo.addFirst(parts[i]);
        }
        continue;
      }
      done.add(part);
    }
    return join(root, done);
  }

  private static Path join(Path root, List<String> parts) {
    var p = root;
    for (var part : parts) {
      p = p.resolve(part);
    }
    return p;
  }

  static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }
}
