package dev.berth.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which resource controls this host's cgroups offer (dockerd's {@code sysinfo.SysInfo}), decided by
 * the files the kernel shows at the root of each hierarchy (v1) or the unified tree (v2).
 *
 * @param cpus the CPUs containers may use ({@code cpuset.cpus(.effective)}, e.g. {@code 0-1})
 * @param mems the memory nodes ({@code cpuset.mems(.effective)})
 * @param machineMemory MemTotal in bytes (dockerd caps an unlimited container's limit at it)
 */
public record CgroupSupport(
    boolean v2,
    boolean memoryLimit,
    boolean swapLimit,
    boolean memoryReservation,
    boolean cpuShares,
    boolean cpuCfs,
    boolean cpuset,
    boolean pidsLimit,
    boolean blkioWeight,
    String cpus,
    String mems,
    long machineMemory) {

  /** Reads {@code root} (normally /sys/fs/cgroup) and /proc/meminfo. */
  public static CgroupSupport probe(Path root) {
    long memTotal = memTotal(Path.of("/proc/meminfo"));
    if (Files.exists(root.resolve("cgroup.controllers"))) {
      var controllers = " " + read(root.resolve("cgroup.controllers")) + " ";
      boolean memory = controllers.contains(" memory ");
      boolean cpu = controllers.contains(" cpu ");
      boolean io = controllers.contains(" io ");
      // the root has no memory.swap.max/io.weight of its own: look at a child, as sysinfo does
      return new CgroupSupport(true, memory, memory && anyChildHas(root, "memory.swap.max"), memory, cpu, cpu,
          controllers.contains(" cpuset "), controllers.contains(" pids "),
          io && (anyChildHas(root, "io.weight") || anyChildHas(root, "io.bfq.weight")),
          read(root.resolve("cpuset.cpus.effective")), read(root.resolve("cpuset.mems.effective")), memTotal);
    }
    return new CgroupSupport(false,
        Files.exists(root.resolve("memory/memory.limit_in_bytes")),
        Files.exists(root.resolve("memory/memory.memsw.limit_in_bytes")),
        Files.exists(root.resolve("memory/memory.soft_limit_in_bytes")),
        Files.exists(root.resolve("cpu/cpu.shares")),
        Files.exists(root.resolve("cpu/cpu.cfs_quota_us")),
        Files.exists(root.resolve("cpuset/cpuset.cpus")),
        Files.exists(root.resolve("pids")),
        Files.exists(root.resolve("blkio/blkio.weight")) || Files.exists(root.resolve("blkio/blkio.bfq.weight")),
        read(root.resolve("cpuset/cpuset.cpus")), read(root.resolve("cpuset/cpuset.mems")), memTotal);
  }

  private static boolean anyChildHas(Path root, String file) {
    try (var children = Files.list(root)) {
      return children.anyMatch(c -> Files.exists(c.resolve(file)));
    } catch (IOException e) {
      return false;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      return "";
    }
  }

  static long memTotal(Path meminfo) {
    try {
      for (var line : Files.readAllLines(meminfo)) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.substring(9).replace("kB", "").strip()) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // unknown: no cap
    }
    return 0;
  }
}
