package dev.berth.engine.stats;

import dev.berth.model.Rfc3339;
import dev.berth.runtime.CgroupSample;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dockerd's {@code StatsJSON} (moby api/types/stats.go, daemon/stats_unix.go) as ordered maps, so
 * Go's {@code omitempty} rules come out exactly: nested structs always present, empty numbers and
 * maps left out where Go leaves them out, absent lists {@code null}. Pure.
 */
final class StatsJson {
  private static final List<String> BLKIO_KEYS = List.of("io_service_bytes_recursive", "io_serviced_recursive",
      "io_queue_recursive", "io_service_time_recursive", "io_wait_time_recursive", "io_merged_recursive",
      "io_time_recursive", "sectors_recursive");
  /** moby statsV1's fixed list of memory.stat keys. */
  private static final List<String> V1_MEMORY_KEYS = List.of("cache", "rss", "rss_huge", "mapped_file", "dirty",
      "writeback", "pgpgin", "pgpgout", "pgfault", "pgmajfault", "inactive_anon", "active_anon", "inactive_file",
      "active_file", "unevictable", "hierarchical_memory_limit", "hierarchical_memsw_limit", "total_cache",
      "total_rss", "total_rss_huge", "total_mapped_file", "total_dirty", "total_writeback", "total_pgpgin",
      "total_pgpgout", "total_pgfault", "total_pgmajfault", "total_inactive_anon", "total_active_anon",
      "total_inactive_file", "total_active_file", "total_unevictable");
  /** moby statsV2's list (its names; "file_mapped" and friends are memory.stat's own). */
  private static final List<String> V2_MEMORY_KEYS = List.of("anon", "file", "kernel_stack", "slab", "sock", "shmem",
      "file_mapped", "file_dirty", "file_writeback", "anon_thp", "inactive_anon", "active_anon", "inactive_file",
      "active_file", "unevictable", "slab_reclaimable", "slab_unreclaimable", "pgfault", "pgmajfault",
      "workingset_refault", "workingset_activate", "workingset_nodereclaim", "pgrefill", "pgscan", "pgsteal",
      "pgactivate", "pgdeactivate", "pglazyfree", "pglazyfreed", "thp_fault_alloc", "thp_collapse_alloc");

  private StatsJson() {}

  /** One measurement: the cgroup sample (null when not running), the host's CPU time and the networks. */
  record Reading(Instant read, CgroupSample cgroup, long systemCpu, int onlineCpus, Map<String, NetDev.Counters> networks) {}

  /**
   * The object for {@code current}, with {@code previous}'s CPU figures as {@code precpu_stats}
   * (null for the first frame). {@code machineMemory} caps an unlimited memory limit (0: no cap).
   */
  static Map<String, Object> frame(String name, String id, Reading current, Reading previous, long machineMemory) {
    var m = new LinkedHashMap<String, Object>();
    m.put("read", time(current == null ? null : current.read()));
    m.put("preread", time(previous == null ? null : previous.read()));
    var cg = current == null ? null : current.cgroup();
    m.put("pids_stats", pids(cg));
    m.put("blkio_stats", blkio(cg));
    m.put("num_procs", 0);
    m.put("storage_stats", Map.of());
    m.put("cpu_stats", cpu(current));
    m.put("precpu_stats", cpu(previous));
    m.put("memory_stats", memory(cg, machineMemory));
    m.put("name", name);
    m.put("id", id);
    if (current != null && current.networks() != null && !current.networks().isEmpty()) {
      var nets = new LinkedHashMap<String, Object>();
      current.networks().forEach((iface, c) -> nets.put(iface, c.toJson()));
      m.put("networks", nets);
    }
    return m;
  }

  /** Go's RFC3339Nano; the zero time when unset. */
  static String time(Instant t) {
    return Rfc3339.format(t);
  }

  private static Map<String, Object> pids(CgroupSample cg) {
    var m = new LinkedHashMap<String, Object>();
    if (cg != null && cg.pidsCurrent() != 0) m.put("current", cg.pidsCurrent());
    if (cg != null && cg.pidsLimit() != 0) m.put("limit", cg.pidsLimit());
    return m;
  }

  private static Map<String, Object> blkio(CgroupSample cg) {
    var m = new LinkedHashMap<String, Object>();
    for (var key : BLKIO_KEYS) {
      // the runtime names the queued list as the kernel does; dockerd's JSON says io_queue_recursive
      var source = key.equals("io_queue_recursive") ? "io_queued_recursive" : key;
      var entries = cg == null ? null : cg.blkio().get(source);
      m.put(key, entries == null ? null : entries.stream().map(e -> {
        var o = new LinkedHashMap<String, Object>();
        o.put("major", e.major());
        o.put("minor", e.minor());
        o.put("op", e.op());
        o.put("value", e.value());
        return o;
      }).toList());
    }
    return m;
  }

  private static Map<String, Object> cpu(Reading r) {
    var cg = r == null ? null : r.cgroup();
    var usage = new LinkedHashMap<String, Object>();
    usage.put("total_usage", cg == null ? 0 : cg.cpuTotal());
    if (cg != null && cg.perCpu() != null && !cg.perCpu().isEmpty()) usage.put("percpu_usage", cg.perCpu());
    usage.put("usage_in_kernelmode", cg == null ? 0 : cg.cpuKernel());
    usage.put("usage_in_usermode", cg == null ? 0 : cg.cpuUser());
    var m = new LinkedHashMap<String, Object>();
    m.put("cpu_usage", usage);
    if (cg != null && r.systemCpu() != 0) m.put("system_cpu_usage", r.systemCpu());
    if (cg != null && r.onlineCpus() != 0) m.put("online_cpus", r.onlineCpus());
    var throttling = new LinkedHashMap<String, Object>();
    throttling.put("periods", cg == null ? 0 : cg.throttlePeriods());
    throttling.put("throttled_periods", cg == null ? 0 : cg.throttledPeriods());
    throttling.put("throttled_time", cg == null ? 0 : cg.throttledTime());
    m.put("throttling_data", throttling);
    return m;
  }

  private static Map<String, Object> memory(CgroupSample cg, long machineMemory) {
    var m = new LinkedHashMap<String, Object>();
    if (cg == null) return m;
    if (cg.memoryUsage() != 0) m.put("usage", cg.memoryUsage());
    if (cg.memoryMaxUsage() != 0) m.put("max_usage", cg.memoryMaxUsage());
    var stats = new LinkedHashMap<String, Object>();
    for (var key : cg.v2() ? V2_MEMORY_KEYS : V1_MEMORY_KEYS) stats.put(key, cg.memoryStats().getOrDefault(key, 0L));
    m.put("stats", stats);
    if (cg.memoryFailcnt() != 0) m.put("failcnt", cg.memoryFailcnt());
    long limit = cg.memoryLimit();
    if (machineMemory > 0 && Long.compareUnsigned(limit, machineMemory) > 0) limit = machineMemory;
    if (limit != 0) m.put("limit", limit);
    return m;
  }
}
