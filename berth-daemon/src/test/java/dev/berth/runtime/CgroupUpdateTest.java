package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.HostConfig;
import dev.berth.model.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupUpdateTest {
  @TempDir Path tmp;

  private static HostConfig request(Map<String, Object> fields) {
    return Json.mapper().convertValue(fields, HostConfig.class);
  }

  @Test
  void onlyTheFieldsAskedForGoToRuncAndNanoCpusBecomeQuotaOverTheDefaultPeriod() {
    var r = CgroupUpdate.resources(request(Map.of("NanoCpus", 1_500_000_000L, "Memory", 64L << 20, "MemorySwap", 128L << 20)), true);
    assertThat(Json.mapper().valueToTree(r).toString()).isEqualTo(
        "{\"cpu\":{\"quota\":150000,\"period\":100000},\"memory\":{\"limit\":67108864,\"swap\":134217728}}");
    assertThat(CgroupUpdate.resources(request(Map.of()), true)).isEmpty();
    // unlimited swap goes to runc only where the cgroup can limit swap at all
    assertThat(CgroupUpdate.resources(request(Map.of("Memory", 64L << 20, "MemorySwap", -1L)), true))
        .containsEntry("memory", Map.of("limit", 64L << 20, "swap", -1L));
    assertThat(CgroupUpdate.resources(request(Map.of("Memory", 64L << 20, "MemorySwap", -1L)), false))
        .containsEntry("memory", Map.of("limit", 64L << 20));
  }

  @Test
  void aPidsLimitOfZeroOrLessIsSentAsMinusOneToUnsetIt() {
    assertThat(CgroupUpdate.resources(request(Map.of("PidsLimit", 0L)), true)).containsEntry("pids", Map.of("limit", -1L));
    assertThat(CgroupUpdate.resources(request(Map.of("PidsLimit", 20L)), true)).containsEntry("pids", Map.of("limit", 20L));
  }

  @Test
  void v1FilesAreTheControllersOwnFiles() {
    var r = CgroupUpdate.resources(request(Map.of("Memory", 64L << 20, "CpuShares", 512L, "CpusetCpus", "0",
        "PidsLimit", -1L, "BlkioWeight", 300, "CpuPeriod", 50_000L, "CpuQuota", 25_000L, "MemoryReservation", 32L << 20)), true);
    assertThat(CgroupUpdate.v1Files(r)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "memory/memory.limit_in_bytes", "67108864", "memory/memory.soft_limit_in_bytes", "33554432",
        "cpu/cpu.shares", "512", "cpu/cpu.cfs_period_us", "50000", "cpu/cpu.cfs_quota_us", "25000",
        "cpuset/cpuset.cpus", "0", "pids/pids.max", "max", "blkio/blkio.weight", "300"));
  }

  @Test
  void v2FilesUseRuncsConversions() {
    var r = CgroupUpdate.resources(request(Map.of("Memory", 64L << 20, "MemorySwap", 96L << 20, "CpuShares", 1024L,
        "NanoCpus", 500_000_000L, "CpusetMems", "0", "PidsLimit", 50L, "BlkioWeight", 500, "MemoryReservation", 16L << 20)), true);
    assertThat(CgroupUpdate.v2Files(r)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "memory.max", "67108864", "memory.swap.max", Long.toString(32L << 20), "memory.low", "16777216",
        "cpu.weight", "39", "cpu.max", "50000 100000", "cpuset.mems", "0", "pids.max", "50",
        "io.weight", "default 4950"));
    assertThat(CgroupUpdate.v2Files(CgroupUpdate.resources(request(Map.of("CpuQuota", 20_000L)), true)))
        .containsEntry("cpu.max", "20000");
  }

  @Test
  void mismatchesCompareAsTheKernelShowsValues() throws Exception {
    var dir = tmp.resolve("memory/berth/c1");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("memory.limit_in_bytes"), "67108864\n");
    Files.createDirectories(tmp.resolve("cpuset/berth/c1"));
    Files.writeString(tmp.resolve("cpuset/berth/c1/cpuset.cpus"), "0-1\n");
    var files = new CgroupFiles(tmp);
    assertThat(files.mismatches("/berth/c1", Map.of("memory/memory.limit_in_bytes", "67108865",
        "cpuset/cpuset.cpus", "0,1", "pids/pids.max", "10"))).isEmpty();
    assertThat(files.mismatches("/berth/c1", Map.of("memory/memory.limit_in_bytes", "33554432")))
        .containsExactly("memory/memory.limit_in_bytes=67108864 (wanted 33554432)");
  }
}
