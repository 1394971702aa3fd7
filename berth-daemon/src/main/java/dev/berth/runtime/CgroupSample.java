package dev.berth.runtime;

import java.util.List;
import java.util.Map;

/**
 * One reading of a container's cgroup counters, as the kernel reports them (cgroup v1 or v2);
 * times in nanoseconds, sizes in bytes. Absent counters read as 0, lists that the layout lacks as
 * null (v2 has no per-cpu usage; v1 blkio without CFQ has only the throttle files).
 *
 * @param memoryLimit the cgroup's limit; {@link Long#MAX_VALUE} when unlimited
 * @param memoryStats memory.stat as key → value
 * @param blkio v1: the {@code io_*_recursive} lists by their dockerd names (empty lists when the
 *     files are there but empty); v2: {@code io_service_bytes_recursive} with read/write per device
 * @param pidsLimit 0 when unlimited
 */
public record CgroupSample(
    boolean v2,
    long cpuTotal,
    List<Long> perCpu,
    long cpuUser,
    long cpuKernel,
    long throttlePeriods,
    long throttledPeriods,
    long throttledTime,
    long memoryUsage,
    long memoryMaxUsage,
    long memoryFailcnt,
    long memoryLimit,
    Map<String, Long> memoryStats,
    Map<String, List<BlkioEntry>> blkio,
    long pidsCurrent,
    long pidsLimit) {

  /** One line of a blkio file: device and operation ({@code Read}, {@code Write}, … on v1; {@code read}/{@code write} on v2). */
  public record BlkioEntry(long major, long minor, String op, long value) {}
}
