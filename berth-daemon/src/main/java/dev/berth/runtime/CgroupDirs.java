package dev.berth.runtime;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the cgroup directories a deleted container leaves behind: its own in every v1 hierarchy
 * (and the unified one) or under the v2 root, then its parent ({@code /berth}) where that is empty
 * (runc delete leaves the parent). Stateless.
 */
final class CgroupDirs {
  private final Path cgroupRoot;

  CgroupDirs(Path cgroupRoot) {
    this.cgroupRoot = cgroupRoot;
  }

  /** Every existing directory for {@code cgroupsPath} (cgroupfs form, e.g. {@code /berth/<id>}). */
  List<Path> existing(String cgroupsPath) {
    var found = new ArrayList<Path>();
    for (var base : hierarchies()) {
      var dir = base.resolve(relative(cgroupsPath));
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) found.add(dir);
    }
    return found;
  }

  /**
   * rmdirs the container's cgroup in each hierarchy, then its empty ancestors up to (not including)
   * the hierarchy root. A busy cgroup (processes still in it) is left and reported.
   *
   * @return the directories that could not be removed
   */
  List<Path> remove(String cgroupsPath) {
    var left = new ArrayList<Path>();
    var rel = relative(cgroupsPath);
    for (var base : hierarchies()) {
      var dir = base.resolve(rel);
      if (!rmdir(dir)) {
        left.add(dir);
        continue;
      }
      for (var parent = dir.getParent(); parent != null && !parent.equals(base) && parent.startsWith(base);
          parent = parent.getParent()) {
        if (!rmdir(parent)) break;
      }
    }
    return left;
  }

  /** rmdir; true when gone (or never there), false when busy or not empty. */
  private static boolean rmdir(Path dir) {
    try {
      Files.delete(dir);
      return true;
    } catch (NoSuchFileException e) {
      return true;
    } catch (DirectoryNotEmptyException e) {
      return false;
    } catch (IOException e) {
      return false; // EBUSY: tasks still in it
    }
  }

  private static Path relative(String cgroupsPath) {
    var rel = cgroupsPath.startsWith("/") ? cgroupsPath.substring(1) : cgroupsPath;
    var p = Path.of(rel).normalize();
    if (p.startsWith("..") || p.toString().isEmpty()) throw new IllegalArgumentException("bad cgroups path " + cgroupsPath);
    return p;
  }

  /** v2: the root itself; v1/hybrid: each mounted hierarchy dir (symlinks like cpu,cpuacct skipped). */
  private List<Path> hierarchies() {
    if (Files.exists(cgroupRoot.resolve("cgroup.controllers"))) return List.of(cgroupRoot);
    var out = new ArrayList<Path>();
    try (var entries = Files.list(cgroupRoot)) {
      for (var p : entries.sorted().toList()) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) out.add(p);
      }
    } catch (IOException e) {
      return List.of();
    }
    return out;
  }
}
