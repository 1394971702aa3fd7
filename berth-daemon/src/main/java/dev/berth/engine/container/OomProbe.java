package dev.berth.engine.container;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the kernel's OOM killer hit a container's cgroup (read before the runtime deletes it). */
@FunctionalInterface
public interface OomProbe {
  boolean oomKilled(String cgroupsPath);

  /** Reads {@code memory.oom_control} (cgroup v1) or {@code memory.events} (v2) under {@code cgroupRoot}. */
  static OomProbe cgroups(Path cgroupRoot) {
    return path -> {
      var rel = path.startsWith("/") ? path.substring(1) : path;
      for (var file : new Path[] {cgroupRoot.resolve("memory").resolve(rel).resolve("memory.oom_control"),
          cgroupRoot.resolve(rel).resolve("memory.events")}) {
        try {
          for (var line : Files.readAllLines(file)) {
            if (line.startsWith("oom_kill ") && !line.substring(9).strip().equals("0")) return true;
          }
        } catch (java.io.IOException | RuntimeException e) {
          // not this cgroup layout, or the cgroup is gone
        }
      }
      return false;
    };
  }
}
