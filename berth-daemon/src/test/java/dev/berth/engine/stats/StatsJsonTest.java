package dev.berth.engine.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.Json;
import dev.berth.runtime.CgroupSample;
import dev.berth.runtime.CgroupSample.BlkioEntry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsJsonTest {
  private static CgroupSample sample(long cpu, long limit) {
    var blkio = new LinkedHashMap<String, List<BlkioEntry>>();
    blkio.put("io_service_bytes_recursive", List.of(new BlkioEntry(8, 0, "Read", 4096)));
    blkio.put("io_queued_recursive", List.of());
    return new CgroupSample(false, cpu, List.of(cpu), 10, 20, 0, 0, 0, 1 << 20, 2 << 20, 0, limit,
        Map.of("total_inactive_file", 4096L), blkio, 1, 0);
  }

  @Test
  void aStoppedContainersFrameHasOnlyNameIdAndZerosInDockerdsShape() throws Exception {
    var json = Json.mapper().writeValueAsString(StatsJson.frame("/web", "abc", null, null, 0));
    assertThat(json).isEqualTo("{\"read\":\"0001-01-01T00:00:00Z\",\"preread\":\"0001-01-01T00:00:00Z\","
        + "\"pids_stats\":{},\"blkio_stats\":{\"io_service_bytes_recursive\":null,\"io_serviced_recursive\":null,"
        + "\"io_queue_recursive\":null,\"io_service_time_recursive\":null,\"io_wait_time_recursive\":null,"
        + "\"io_merged_recursive\":null,\"io_time_recursive\":null,\"sectors_recursive\":null},\"num_procs\":0,"
        + "\"storage_stats\":{},\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":0,\"usage_in_kernelmode\":0,"
        + "\"usage_in_usermode\":0},\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,\"throttled_time\":0}},"
        + "\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":0,\"usage_in_kernelmode\":0,\"usage_in_usermode\":0},"
        + "\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,\"throttled_time\":0}},\"memory_stats\":{},"
        + "\"name\":\"/web\",\"id\":\"abc\"}");
  }

  @Test
  void aRunningFrameCarriesThePreviousCpuAndCapsAnUnlimitedMemoryLimit() {
    var t0 = Instant.parse("2026-11-27T22:00:00.500Z");
    var prev = new StatsJson.Reading(t0, sample(100, Long.MAX_VALUE), 1000, 2, Map.of());
    var cur = new StatsJson.Reading(t0.plusSeconds(1), sample(300, 9223372036854771712L), 3000, 2,
        Map.of("eth0", new NetDev.Counters(1, 2, 0, 0, 3, 4, 0, 0)));
    var f = Json.mapper().valueToTree(StatsJson.frame("/web", "abc", cur, prev, 1L << 30));
    assertThat(f.path("read").asText()).isEqualTo("2026-11-27T22:00:01.5Z");
    assertThat(f.path("preread").asText()).isEqualTo("2026-11-27T22:00:00.5Z");
    assertThat(f.path("cpu_stats").path("cpu_usage").path("total_usage").asLong()).isEqualTo(300);
    assertThat(f.path("cpu_stats").path("system_cpu_usage").asLong()).isEqualTo(3000);
    assertThat(f.path("cpu_stats").path("online_cpus").asInt()).isEqualTo(2);
    assertThat(f.path("precpu_stats").path("cpu_usage").path("total_usage").asLong()).isEqualTo(100);
    assertThat(f.path("memory_stats").path("limit").asLong()).isEqualTo(1L << 30);
    assertThat(f.path("memory_stats").path("stats").path("total_inactive_file").asLong()).isEqualTo(4096);
    assertThat(f.path("memory_stats").path("stats").has("cache")).isTrue();
    assertThat(f.path("blkio_stats").path("io_service_bytes_recursive").get(0).path("op").asText()).isEqualTo("Read");
    assertThat(f.path("blkio_stats").path("io_queue_recursive").isArray()).isTrue();
    assertThat(f.path("pids_stats").path("current").asInt()).isEqualTo(1);
    assertThat(f.path("pids_stats").has("limit")).isFalse();
    assertThat(f.path("networks").path("eth0").path("tx_packets").asInt()).isEqualTo(4);
  }

  @Test
  void procFilesParseAsMobyReadsThem() {
    var cpu = HostCpu.parse(List.of("cpu  10 0 5 100 1 0 0 0 0 0", "cpu0 5 0 2 50 0 0 0 0 0 0",
        "cpu1 5 0 3 50 1 0 0 0 0 0", "intr 1"));
    assertThat(cpu).isEqualTo(new HostCpu.Usage(116 * 10_000_000L, 2));
    var nets = NetDev.parse(List.of("Inter-|   Receive", " face |bytes",
        "    lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0",
        "  eth0:    1296      16    0    1    0     0          0         0      656       8    0    2    0     0       0          0"));
    assertThat(nets).containsOnlyKeys("eth0");
    assertThat(nets.get("eth0")).isEqualTo(new NetDev.Counters(1296, 16, 0, 1, 656, 8, 0, 2));
  }
}
