package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.HostConfig;
import dev.berth.model.Json;
import dev.berth.runtime.CgroupSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceUpdateTest {
  private static final CgroupSupport V1 = new CgroupSupport(false, true, true, true, true, true, true, true, false,
      "0-1", "0", 8L << 30);
  private static final CgroupSupport NO_SWAP = new CgroupSupport(false, true, false, true, true, true, true, true, true,
      "0-1", "0", 8L << 30);

  private static HostConfig hc(Map<String, Object> fields) {
    return Json.mapper().convertValue(fields, HostConfig.class);
  }

  private static void refused(Map<String, Object> fields, String message) {
    assertThatThrownBy(() -> ResourceUpdate.verify(hc(fields), V1, 2)).isInstanceOf(InvalidArgument.class).hasMessage(message);
  }

  @Test
  void verifyRefusesWithDockerdsTexts() {
    refused(Map.of("Memory", 1L << 20), "Minimum memory limit allowed is 6MB");
    refused(Map.of("Memory", 64L << 20, "MemorySwap", 32L << 20), "Minimum memoryswap limit should be larger than memory limit, see usage");
    refused(Map.of("MemoryReservation", 1L << 20), "Minimum memory reservation allowed is 6MB");
    refused(Map.of("Memory", 16L << 20, "MemoryReservation", 32L << 20), "Minimum memory limit can not be less than memory reservation limit, see usage");
    refused(Map.of("NanoCpus", 1_000_000_000L, "CpuPeriod", 100_000L), "Conflicting options: Nano CPUs and CPU Period cannot both be set");
    refused(Map.of("NanoCpus", 3_000_000_000L), "range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
    refused(Map.of("CpuPeriod", 500L), "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
    refused(Map.of("CpuQuota", 500L), "CPU cfs quota can not be less than 1ms (i.e. 1000)");
    refused(Map.of("CpusetCpus", "5"), "Requested CPUs are not available - requested 5, available: 0-1");
    refused(Map.of("CpusetCpus", "0-x"), "Invalid value 0-x for cpuset cpus: invalid format: 0-x");
    refused(Map.of("CpusetMems", "1"), "Requested memory nodes are not available - requested 1, available: 0");
  }

  @Test
  void whatTheKernelLacksIsDiscardedWithDockerdsWarning() {
    var v = ResourceUpdate.verify(hc(Map.of("BlkioWeight", 300)), V1, 2);
    assertThat(v.warnings()).containsExactly("Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.");
    assertThat(v.request().blkioWeight()).isZero();
    var noSwap = ResourceUpdate.verify(hc(Map.of("Memory", 64L << 20)), NO_SWAP, 2);
    assertThat(noSwap.warnings()).containsExactly("Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap.");
    assertThat(noSwap.request().memorySwap()).isEqualTo(-1);
    assertThatThrownBy(() -> ResourceUpdate.verify(hc(Map.of("BlkioWeight", 5)), NO_SWAP, 2))
        .hasMessage("Range of blkio weight is from 10 to 1000");
  }

  @Test
  void mergeKeepsWhatWasNotAskedForAndStoresTheRest() {
    var current = hc(Map.of("Memory", 64L << 20, "MemorySwap", 128L << 20, "CpuShares", 512L, "PidsLimit", 10L,
        "RestartPolicy", Map.of("Name", "always", "MaximumRetryCount", 0)));
    var merged = ResourceUpdate.merge(current, hc(Map.of("Memory", 96L << 20, "CpusetCpus", "1",
        "RestartPolicy", Map.of("Name", ""))));
    assertThat(merged.memory()).isEqualTo(96L << 20);
    assertThat(merged.memorySwap()).isEqualTo(128L << 20);
    assertThat(merged.cpuShares()).isEqualTo(512);
    assertThat(merged.cpusetCpus()).isEqualTo("1");
    assertThat(merged.pidsLimit()).isEqualTo(10);
    assertThat(merged.restartPolicy().name()).isEqualTo("always");
  }

  @Test
  void mergeRefusesConflictsAsMobyDoes() {
    var nano = hc(Map.of("NanoCpus", 1_000_000_000L));
    assertThatThrownBy(() -> ResourceUpdate.merge(nano, hc(Map.of("CpuQuota", 50_000L)))).isInstanceOf(Conflict.class)
        .hasMessage("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
    assertThatThrownBy(() -> ResourceUpdate.merge(hc(Map.of("CpuPeriod", 50_000L)), nano))
        .hasMessage("Conflicting options: Nano CPUs cannot be updated as CPU Period has already been set");
    // created with -m 64m: dockerd stored a swap limit of 128m, so 256m needs the swap too
    assertThatThrownBy(() -> ResourceUpdate.merge(hc(Map.of("Memory", 64L << 20)), hc(Map.of("Memory", 256L << 20))))
        .isInstanceOf(Conflict.class)
        .hasMessage("Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time");
    assertThat(ResourceUpdate.merge(hc(Map.of("Memory", 64L << 20)), hc(Map.of("Memory", 100L << 20))).memory())
        .isEqualTo(100L << 20);
    assertThatThrownBy(() -> ResourceUpdate.merge(hc(Map.of("AutoRemove", true)),
        hc(Map.of("RestartPolicy", Map.of("Name", "always"))))).isInstanceOf(Conflict.class)
        .hasMessage("Restart policy cannot be updated because AutoRemove is enabled for the container");
  }
}
