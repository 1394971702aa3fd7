package dev.berth.runtime;

import dev.berth.model.HostConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code docker update} changes in a running container's cgroup. {@link #resources} is the OCI
 * {@code LinuxResources} handed to {@code runc update --resources} (moby daemon/update_linux.go
 * {@code toContainerdResources}: only the fields asked for; zero means unchanged), and
 * {@link #v1Files}/{@link #v2Files} say which cgroup files that lands in and with which value (runc's
 * libcontainer/cgroups fs and fs2 conversions), so the result can be checked. Pure.
 */
final class CgroupUpdate {
  private static final long DEFAULT_CPU_PERIOD = 100_000;

  private CgroupUpdate() {}

  /**
   * The OCI resources for the fields of {@code r} that are set (zero or null = unchanged).
   *
   * @param swapLimit whether the container's cgroup can limit swap (an unlimited swap is then sent)
   */
  static Map<String, Object> resources(HostConfig r, boolean swapLimit) {
    var out = new LinkedHashMap<String, Object>();
    if (r.blkioWeight() != 0) out.put("blockIO", Map.of("weight", r.blkioWeight()));
    var cpu = new LinkedHashMap<String, Object>();
    if (r.cpuShares() != 0) cpu.put("shares", r.cpuShares());
    long period = 0;
    long quota = 0;
    if (r.nanoCpus() != 0) {
      period = DEFAULT_CPU_PERIOD;
      quota = r.nanoCpus() * period / 1_000_000_000L;
    }
    if (quota == 0 && r.cpuQuota() != 0) quota = r.cpuQuota();
    if (period == 0 && r.cpuPeriod() != 0) period = r.cpuPeriod();
    if (quota != 0) cpu.put("quota", quota);
    if (period != 0) cpu.put("period", period);
    if (r.cpuRealtimePeriod() != 0) cpu.put("realtimePeriod", r.cpuRealtimePeriod());
    if (r.cpuRealtimeRuntime() != 0) cpu.put("realtimeRuntime", r.cpuRealtimeRuntime());
    if (r.cpusetCpus() != null && !r.cpusetCpus().isEmpty()) cpu.put("cpus", r.cpusetCpus());
    if (r.cpusetMems() != null && !r.cpusetMems().isEmpty()) cpu.put("mems", r.cpusetMems());
    if (!cpu.isEmpty()) out.put("cpu", cpu);
    var memory = new LinkedHashMap<String, Object>();
    if (r.memory() != 0) memory.put("limit", r.memory());
    if (r.memoryReservation() != 0) memory.put("reservation", r.memoryReservation());
    // moby passes only a positive swap; -1 (unlimited) is passed too so that raising the memory
    // above an old swap limit works (runc then lifts the swap limit first instead of failing EINVAL)
    if (r.memorySwap() > 0 || (r.memorySwap() == -1 && swapLimit)) memory.put("swap", r.memorySwap());
    if (!memory.isEmpty()) out.put("memory", memory);
    // "When updating values, runc requires -1 to unset the previous limit" (moby getPidsLimit)
    if (r.pidsLimit() != null) out.put("pids", Map.of("limit", r.pidsLimit() <= 0 ? -1L : r.pidsLimit()));
    return out;
  }

  /** The cgroup v1 files (relative to the hierarchy root dir, e.g. {@code memory/memory.limit_in_bytes}). */
  static Map<String, String> v1Files(Map<String, Object> resources) {
    var out = new LinkedHashMap<String, String>();
    var memory = section(resources, "memory");
    put(out, "memory/memory.limit_in_bytes", memory.get("limit"));
    put(out, "memory/memory.soft_limit_in_bytes", memory.get("reservation"));
    if (memory.get("swap") instanceof Number n && n.longValue() > 0) out.put("memory/memory.memsw.limit_in_bytes", n.toString());
    var cpu = section(resources, "cpu");
    put(out, "cpu/cpu.shares", cpu.get("shares"));
    put(out, "cpu/cpu.cfs_period_us", cpu.get("period"));
    put(out, "cpu/cpu.cfs_quota_us", cpu.get("quota"));
    put(out, "cpuset/cpuset.cpus", cpu.get("cpus"));
    put(out, "cpuset/cpuset.mems", cpu.get("mems"));
    var pids = section(resources, "pids");
    if (pids.get("limit") instanceof Number n) out.put("pids/pids.max", n.longValue() < 0 ? "max" : n.toString());
    put(out, "blkio/blkio.weight", section(resources, "blockIO").get("weight"));
    return out;
  }

  /** The unified (v2) files, with runc's conversions (shares → weight, swap → swap.max, …). */
  static Map<String, String> v2Files(Map<String, Object> resources) {
    var out = new LinkedHashMap<String, String>();
    var memory = section(resources, "memory");
    var limit = (Number) memory.get("limit");
    var swap = (Number) memory.get("swap");
    if (limit != null) out.put("memory.max", limit.longValue() < 0 ? "max" : limit.toString());
    if (memory.get("reservation") instanceof Number n) out.put("memory.low", n.toString());
    if (swap != null && limit != null) {
      // runc ConvertMemorySwapToCgroupV2Value: v1's memsw is memory + swap, v2's swap.max is swap only
      out.put("memory.swap.max", swap.longValue() < 0 ? "max" : Long.toString(swap.longValue() - limit.longValue()));
    }
    var cpu = section(resources, "cpu");
    if (cpu.get("shares") instanceof Number n && n.longValue() != 0) {
      out.put("cpu.weight", Long.toString(1 + ((n.longValue() - 2) * 9999) / 262142));
    }
    var quota = (Number) cpu.get("quota");
    var period = (Number) cpu.get("period");
    if (quota != null || period != null) {
      var q = quota == null || quota.longValue() <= 0 ? "max" : quota.toString();
      out.put("cpu.max", period == null ? q : q + " " + period); // runc keeps the period when none is given
    }
    put(out, "cpuset.cpus", cpu.get("cpus"));
    put(out, "cpuset.mems", cpu.get("mems"));
    var pids = section(resources, "pids");
    if (pids.get("limit") instanceof Number n) out.put("pids.max", n.longValue() < 0 ? "max" : n.toString());
    if (section(resources, "blockIO").get("weight") instanceof Number w) {
      // runc ConvertBlkIOToIOWeightValue: [10, 1000] → [1, 10000]
      out.put("io.weight", "default " + (1 + (w.longValue() - 10) * 9999 / 990));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> resources, String key) {
    return resources.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static void put(Map<String, String> out, String file, Object value) {
    if (value != null) out.put(file, value.toString());
  }
}
