package dev.berth.runtime;

import dev.berth.runtime.CgroupSample.BlkioEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link CgroupSample} from a container's cgroup files, v1 or v2, the way containerd's
 * cgroups package does for dockerd (cgroup1: cpuacct, cpu, memory, blkio, pids; cgroup2: cpu.stat,
 * memory.*, io.stat, pids.*). Stateless; thread-safe.
 */
final class CgroupStats {
  /** USER_HZ: cpuacct.stat counts in ticks of 1/100 s (containerd hard-codes it too). */
  private static final long NANOS_PER_TICK = 10_000_000L;
  private static final List<String> V1_BLKIO = List.of("io_service_bytes_recursive", "io_serviced_recursive",
      "io_queued_recursive", "io_service_time_recursive", "io_wait_time_recursive", "io_merged_recursive",
      "io_time_recursive", "sectors_recursive");

  private final CgroupFiles files;

  CgroupStats(CgroupFiles files) {
    this.files = files;
  }

  CgroupSample read(String cgroupsPath) {
    return files.v2() ? v2(cgroupsPath) : v1(cgroupsPath);
  }

  private CgroupSample v1(String path) {
    var acct = keyed(files.lines(path, "cpuacct", "cpuacct.stat"));
    var percpu = new ArrayList<Long>();
    var percpuText = files.read(path, "cpuacct", "cpuacct.usage_percpu");
    if (percpuText != null) for (var v : percpuText.split("\\s+")) if (!v.isEmpty()) percpu.add(number(v));
    var cpu = keyed(files.lines(path, "cpu", "cpu.stat"));
    var memStat = keyed(files.lines(path, "memory", "memory.stat"));
    var blkio = new LinkedHashMap<String, List<BlkioEntry>>();
    // without CFQ/BFQ accounting the kernel has only the throttle files (containerd falls back the same way)
    boolean throttle = files.read(path, "blkio", "blkio.io_serviced_recursive") == null;
    for (var name : V1_BLKIO) {
      var file = throttle ? "blkio.throttle." + name : "blkio." + name;
      blkio.put(name, throttle && !name.startsWith("io_service") ? List.of() : blkioV1(files.lines(path, "blkio", file)));
    }
    return new CgroupSample(false,
        number(files.read(path, "cpuacct", "cpuacct.usage")), percpuText == null ? null : percpu,
        acct.getOrDefault("user", 0L) * NANOS_PER_TICK, acct.getOrDefault("system", 0L) * NANOS_PER_TICK,
        cpu.getOrDefault("nr_periods", 0L), cpu.getOrDefault("nr_throttled", 0L), cpu.getOrDefault("throttled_time", 0L),
        number(files.read(path, "memory", "memory.usage_in_bytes")),
        number(files.read(path, "memory", "memory.max_usage_in_bytes")),
        number(files.read(path, "memory", "memory.failcnt")),
        number(files.read(path, "memory", "memory.limit_in_bytes")),
        memStat, blkio,
        number(files.read(path, "pids", "pids.current")), pidsLimit(files.read(path, "pids", "pids.max")));
  }

  private CgroupSample v2(String path) {
    var cpu = keyed(files.lines(path, "", "cpu.stat"));
    var events = keyed(files.lines(path, "", "memory.events"));
    var io = new ArrayList<BlkioEntry>();
    for (var line : files.lines(path, "", "io.stat")) {
      var fields = line.trim().split("\\s+");
      var dev = fields[0].split(":");
      if (dev.length != 2) continue;
      var values = new LinkedHashMap<String, Long>();
      for (int i = 1; i < fields.length; i++) {
        var kv = fields[i].split("=", 2);
        if (kv.length == 2) values.put(kv[0], number(kv[1]));
      }
      long major = number(dev[0]);
      long minor = number(dev[1]);
      io.add(new BlkioEntry(major, minor, "read", values.getOrDefault("rbytes", 0L)));
      io.add(new BlkioEntry(major, minor, "write", values.getOrDefault("wbytes", 0L)));
    }
    var blkio = new LinkedHashMap<String, List<BlkioEntry>>();
    blkio.put("io_service_bytes_recursive", io.isEmpty() ? null : io);
    return new CgroupSample(true,
        cpu.getOrDefault("usage_usec", 0L) * 1000, null,
        cpu.getOrDefault("user_usec", 0L) * 1000, cpu.getOrDefault("system_usec", 0L) * 1000,
        cpu.getOrDefault("nr_periods", 0L), cpu.getOrDefault("nr_throttled", 0L),
        cpu.getOrDefault("throttled_usec", 0L) * 1000,
        number(files.read(path, "", "memory.current")), 0, events.getOrDefault("oom", 0L),
        number(files.read(path, "", "memory.max")),
        keyed(files.lines(path, "", "memory.stat")), blkio,
        number(files.read(path, "", "pids.current")), pidsLimit(files.read(path, "", "pids.max")));
  }

  /** {@code key value} lines (cpu.stat, memory.stat, cpuacct.stat, memory.events). */
  static Map<String, Long> keyed(List<String> lines) {
    var out = new LinkedHashMap<String, Long>();
    for (var line : lines) {
      var f = line.trim().split("\\s+");
      if (f.length == 2) out.put(f[0], number(f[1]));
    }
    return out;
  }

  /** {@code major:minor Op value} lines; the {@code Total n} line is skipped, as containerd does. */
  static List<BlkioEntry> blkioV1(List<String> lines) {
    var out = new ArrayList<BlkioEntry>();
    for (var line : lines) {
      var f = line.trim().split("\\s+");
      if (f.length != 3) continue;
      var dev = f[0].split(":");
      if (dev.length != 2) continue;
      out.add(new BlkioEntry(number(dev[0]), number(dev[1]), f[1], number(f[2])));
    }
    return out;
  }

  /** pids.max: {@code max} (no limit) is 0, as containerd reports it. */
  static long pidsLimit(String text) {
    long n = number(text);
    return n == Long.MAX_VALUE ? 0 : n;
  }

  /** A counter or limit; {@code max} (no limit) reads as {@link Long#MAX_VALUE}. */
  static long number(String text) {
    if (text == null || text.isEmpty()) return 0;
    if (text.equals("max")) return Long.MAX_VALUE;
    try {
      return Long.parseUnsignedLong(text.strip());
    } catch (NumberFormatException e) {
      try {
        return Long.parseLong(text.strip());
      } catch (NumberFormatException again) {
        return 0;
      }
    }
  }
}
