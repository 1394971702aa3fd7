package dev.berth.engine.container;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.HostConfig;
import dev.berth.model.Json;
import dev.berth.runtime.CgroupSupport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rules of {@code docker update} for resources, as moby applies them: {@link #verify} is
 * {@code verifyPlatformContainerResources} with {@code update=true} (may drop what the kernel cannot
 * do, with a warning), {@link #merge} is {@code Container.UpdateContainer} (zero means unchanged;
 * conflicts with what is already set). Pure.
 */
final class ResourceUpdate {
  private static final long MIN_MEMORY = 6 * 1024 * 1024;

  /** The request as it will be applied (fields the kernel lacks zeroed) and the warnings. */
  record Verified(HostConfig request, List<String> warnings) {}

  private ResourceUpdate() {}

  static Verified verify(HostConfig in, CgroupSupport host, int numCpus) {
    var warnings = new ArrayList<String>();
    var r = tree(in);
    long memory = in.memory();
    long swap = in.memorySwap();
    if (memory != 0 && memory < MIN_MEMORY) throw new InvalidArgument("Minimum memory limit allowed is 6MB");
    if (memory > 0 && !host.memoryLimit()) {
      warnings.add("Your kernel does not support memory limit capabilities or the cgroup is not mounted. Limitation discarded.");
      memory = 0;
      swap = -1;
    }
    if (memory > 0 && swap != -1 && !host.swapLimit()) {
      warnings.add("Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap.");
      swap = -1;
    }
    if (memory > 0 && swap > 0 && swap < memory) {
      throw new InvalidArgument("Minimum memoryswap limit should be larger than memory limit, see usage");
    }
    r.put("Memory", memory);
    r.put("MemorySwap", swap);
    long reservation = in.memoryReservation();
    if (reservation > 0 && !host.memoryReservation()) {
      warnings.add("Your kernel does not support memory soft limit capabilities or the cgroup is not mounted. Limitation discarded.");
      reservation = 0;
    }
    if (reservation > 0 && reservation < MIN_MEMORY) throw new InvalidArgument("Minimum memory reservation allowed is 6MB");
    if (memory > 0 && reservation > 0 && memory < reservation) {
      throw new InvalidArgument("Minimum memory limit can not be less than memory reservation limit, see usage");
    }
    r.put("MemoryReservation", reservation);
    // "Both 0 and -1 are accepted to set unlimited when updating" (moby postContainerUpdate)
    if (in.pidsLimit() != null && in.pidsLimit() <= 0) r.put("PidsLimit", 0L);
    if (in.pidsLimit() != null && !host.pidsLimit()) {
      if (in.pidsLimit() > 0) {
        warnings.add("Your kernel does not support PIDs limit capabilities or the cgroup is not mounted. PIDs limit discarded.");
      }
      r.put("PidsLimit", null);
    }
    verifyCpu(in, host, numCpus, warnings, r);
    int weight = in.blkioWeight();
    if (weight > 0 && !host.blkioWeight()) {
      warnings.add("Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.");
      weight = 0;
    }
    if (weight > 0 && (weight < 10 || weight > 1000)) throw new InvalidArgument("Range of blkio weight is from 10 to 1000");
    r.put("BlkioWeight", weight);
    return new Verified(Json.mapper().convertValue(r, HostConfig.class), List.copyOf(warnings));
  }

  private static void verifyCpu(HostConfig in, CgroupSupport host, int numCpus, List<String> warnings, Map<String, Object> r) {
    if (in.nanoCpus() > 0 && in.cpuPeriod() > 0) {
      throw new InvalidArgument("Conflicting options: Nano CPUs and CPU Period cannot both be set");
    }
    if (in.nanoCpus() > 0 && in.cpuQuota() > 0) {
      throw new InvalidArgument("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    }
    if (in.nanoCpus() > 0 && !host.cpuCfs()) {
      throw new InvalidArgument("NanoCPUs can not be set, as your kernel does not support CPU CFS scheduler or the cgroup is not mounted");
    }
    if (in.nanoCpus() != 0 && (in.nanoCpus() < 0 || in.nanoCpus() > numCpus * 1_000_000_000L)) {
      throw new InvalidArgument("range of CPUs is from 0.01 to " + numCpus + ".00, as there are only " + numCpus + " CPUs available");
    }
    if (in.cpuShares() > 0 && !host.cpuShares()) {
      warnings.add("Your kernel does not support CPU shares or the cgroup is not mounted. Shares discarded.");
      r.put("CpuShares", 0);
    }
    long period = in.cpuPeriod();
    long quota = in.cpuQuota();
    if ((period != 0 || quota != 0) && !host.cpuCfs()) {
      warnings.add("Your kernel does not support CPU CFS scheduler. CPU period/quota discarded.");
      period = 0;
      quota = 0;
    }
    if (period != 0 && (period < 1000 || period > 1_000_000)) {
      throw new InvalidArgument("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
    }
    if (quota > 0 && quota < 1000) throw new InvalidArgument("CPU cfs quota can not be less than 1ms (i.e. 1000)");
    r.put("CpuPeriod", period);
    r.put("CpuQuota", quota);
    var cpus = blankToEmpty(in.cpusetCpus());
    var mems = blankToEmpty(in.cpusetMems());
    if ((!cpus.isEmpty() || !mems.isEmpty()) && !host.cpuset()) {
      warnings.add("Your kernel does not support cpuset or the cgroup is not mounted. Cpuset discarded.");
      cpus = "";
      mems = "";
    }
    checkAvailable(cpus, host.cpus(), "cpus", "CPUs");
    checkAvailable(mems, host.mems(), "mems", "memory nodes");
    r.put("CpusetCpus", cpus);
    r.put("CpusetMems", mems);
  }

  /** moby sysinfo isCpusetListAvailable, with its error texts. */
  private static void checkAvailable(String provided, String available, String what, String noun) {
    if (provided.isEmpty()) return;
    TreeSet<Integer> wanted;
    try {
      wanted = uintList(provided);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgument("Invalid value " + provided + " for cpuset " + what + ": invalid format: " + provided);
    }
    var have = uintList(available.isEmpty() ? "0" : available);
    if (!have.containsAll(wanted)) {
      throw new InvalidArgument("Requested " + noun + " are not available - requested " + provided + ", available: " + available);
    }
  }

  /** moby pkg/parsers ParseUintList: {@code 0-2,4}. */
  static TreeSet<Integer> uintList(String text) {
    var out = new TreeSet<Integer>();
    for (var part : text.split(",", -1)) {
      if (!part.matches("\\d+(-\\d+)?")) throw new IllegalArgumentException(text);
      var range = part.split("-");
      int from = Integer.parseInt(range[0]);
      int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
      if (to < from) throw new IllegalArgumentException(text);
      for (int i = from; i <= to; i++) out.add(i);
    }
    return out;
  }

  /**
   * The container's host config with {@code u}'s resources and restart policy applied.
   *
   * @throws Conflict with moby's text when {@code u} conflicts with what is set
   */
  static HostConfig merge(HostConfig current, HostConfig u) {
    var c = tree(current);
    if (u.nanoCpus() > 0 && current.cpuPeriod() > 0) {
      throw new Conflict("Conflicting options: Nano CPUs cannot be updated as CPU Period has already been set");
    }
    if (u.nanoCpus() > 0 && current.cpuQuota() > 0) {
      throw new Conflict("Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set");
    }
    if (u.cpuPeriod() > 0 && current.nanoCpus() > 0) {
      throw new Conflict("Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
    }
    if (u.cpuQuota() > 0 && current.nanoCpus() > 0) {
      throw new Conflict("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
    }
    setIfNonZero(c, "BlkioWeight", u.blkioWeight());
    setIfNonZero(c, "CpuShares", u.cpuShares());
    setIfNonZero(c, "NanoCpus", u.nanoCpus());
    setIfNonZero(c, "CpuPeriod", u.cpuPeriod());
    setIfNonZero(c, "CpuQuota", u.cpuQuota());
    if (!blankToEmpty(u.cpusetCpus()).isEmpty()) c.put("CpusetCpus", u.cpusetCpus());
    if (!blankToEmpty(u.cpusetMems()).isEmpty()) c.put("CpusetMems", u.cpusetMems());
    if (u.memory() != 0) {
      if (u.memory() > storedSwap(current) && u.memorySwap() == 0) {
        throw new Conflict("Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time");
      }
      c.put("Memory", u.memory());
    }
    setIfNonZero(c, "MemorySwap", u.memorySwap());
    setIfNonZero(c, "MemoryReservation", u.memoryReservation());
    setIfNonZero(c, "CpuRealtimePeriod", u.cpuRealtimePeriod());
    setIfNonZero(c, "CpuRealtimeRuntime", u.cpuRealtimeRuntime());
    if (u.pidsLimit() != null) c.put("PidsLimit", u.pidsLimit());
    var policy = u.restartPolicy();
    if (policy != null && policy.name() != null && !policy.name().isEmpty()) {
      if (current.autoRemove() && !policy.name().equals("no")) {
        throw new Conflict("Restart policy cannot be updated because AutoRemove is enabled for the container");
      }
      c.put("RestartPolicy", policy);
    }
    return Json.mapper().convertValue(c, HostConfig.class);
  }

  /**
   * The swap limit dockerd would have stored: it records twice the memory at create when only
   * {@code --memory} was given (daemon_unix.go adaptContainerSettings); Berth computes that at start.
   */
  private static long storedSwap(HostConfig hc) {
    return hc.memorySwap() == 0 && hc.memory() > 0 ? hc.memory() * 2 : hc.memorySwap();
  }

  private static void setIfNonZero(Map<String, Object> tree, String key, long value) {
    if (value != 0) tree.put(key, value);
  }

  private static String blankToEmpty(String s) {
    return s == null ? "" : s;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> tree(HostConfig hc) {
    return Json.mapper().convertValue(hc, LinkedHashMap.class);
  }
}
