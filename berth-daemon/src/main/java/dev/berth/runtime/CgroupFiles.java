package dev.berth.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a container's cgroup files on either layout: v1 (one hierarchy per controller,
 * {@code <root>/<controller>/<cgroupsPath>/<file>}) or v2 (the unified tree,
 * {@code <root>/<cgroupsPath>/<file>}). Stateless; a missing file reads as null.
 */
final class CgroupFiles {
  private final Path root;
  private final boolean v2;

  CgroupFiles(Path root) {
    this.root = root;
    this.v2 = Files.exists(root.resolve("cgroup.controllers"));
  }

  boolean v2() {
    return v2;
  }

  /** {@code controller} is the v1 hierarchy (memory, cpu, cpuacct, cpuset, pids, blkio); ignored on v2. */
  Path file(String cgroupsPath, String controller, String name) {
    var rel = cgroupsPath.startsWith("/") ? cgroupsPath.substring(1) : cgroupsPath;
    var dir = v2 ? root.resolve(rel) : root.resolve(controller).resolve(rel);
    var p = dir.resolve(name).normalize();
    if (!p.startsWith(root)) throw new IllegalArgumentException("bad cgroups path " + cgroupsPath);
    return p;
  }

  /** The file's content trimmed, or null when it is absent or unreadable. */
  String read(String cgroupsPath, String controller, String name) {
    try {
      return Files.readString(file(cgroupsPath, controller, name)).strip();
    } catch (IOException e) {
      return null;
    }
  }

  /** The file's lines, empty when it is absent. */
  List<String> lines(String cgroupsPath, String controller, String name) {
    try {
      return Files.readAllLines(file(cgroupsPath, controller, name));
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * The files among {@code expected} (relative names from {@link CgroupUpdate#v1Files} or
   * {@link CgroupUpdate#v2Files}) whose content differs from the value wanted, described as
   * {@code file=actual (wanted value)}. Memory limits are compared in whole pages (the kernel rounds
   * down), cpusets as sets, {@code cpu.max} without the period when none was given.
   */
  List<String> mismatches(String cgroupsPath, Map<String, String> expected) {
    var out = new ArrayList<String>();
    for (var e : expected.entrySet()) {
      var name = e.getKey();
      var controller = name.contains("/") ? name.substring(0, name.indexOf('/')) : "";
      var file = name.contains("/") ? name.substring(name.indexOf('/') + 1) : name;
      var actual = read(cgroupsPath, controller, file);
      if (actual == null) continue; // not on this kernel: runc skips it too
      if (!same(file, actual.lines().findFirst().orElse(""), e.getValue())) {
        out.add(name + "=" + actual + " (wanted " + e.getValue() + ")");
      }
    }
    return out;
  }

  static boolean same(String file, String actual, String wanted) {
    if (file.startsWith("cpuset.")) return cpuList(actual).equals(cpuList(wanted));
    if (file.equals("cpu.max") && !wanted.contains(" ")) return actual.split(" ")[0].equals(wanted);
    if (file.startsWith("memory.") && wanted.matches("\\d+") && actual.matches("\\d+")) {
      return Long.parseLong(actual) / 4096 == Long.parseLong(wanted) / 4096;
    }
    return actual.equals(wanted);
  }

  /** {@code 0-2,4} → {0,1,2,4}. */
  static TreeSet<Integer> cpuList(String text) {
    var out = new TreeSet<Integer>();
    for (var part : text.strip().split(",")) {
      if (part.isBlank()) continue;
      var range = part.strip().split("-");
      int from = Integer.parseInt(range[0]);
      int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
      for (int i = from; i <= to; i++) out.add(i);
    }
    return out;
  }
}
