package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.CgroupSample.BlkioEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupStatsTest {
  @TempDir Path tmp;

  private void write(String rel, String content) throws Exception {
    var p = tmp.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void v1ReadsEachControllersHierarchyWithTicksAsNanoseconds() throws Exception {
    write("cpuacct/berth/c/cpuacct.usage", "123456789\n");
    write("cpuacct/berth/c/cpuacct.usage_percpu", "100000000 23456789 \n");
    write("cpuacct/berth/c/cpuacct.stat", "user 7\nsystem 3\n");
    write("cpu/berth/c/cpu.stat", "nr_periods 10\nnr_throttled 2\nthrottled_time 5000\n");
    write("memory/berth/c/memory.usage_in_bytes", "2097152\n");
    write("memory/berth/c/memory.max_usage_in_bytes", "4194304\n");
    write("memory/berth/c/memory.limit_in_bytes", "67108864\n");
    write("memory/berth/c/memory.stat", "cache 4096\ntotal_inactive_file 8192\n");
    write("blkio/berth/c/blkio.throttle.io_service_bytes_recursive", "8:0 Read 512\n8:0 Write 1024\nTotal 1536\n");
    write("pids/berth/c/pids.current", "3\n");
    write("pids/berth/c/pids.max", "max\n");
    var s = new CgroupStats(new CgroupFiles(tmp)).read("/berth/c");
    assertThat(s.v2()).isFalse();
    assertThat(s.cpuTotal()).isEqualTo(123456789L);
    assertThat(s.perCpu()).containsExactly(100000000L, 23456789L);
    assertThat(s.cpuUser()).isEqualTo(70_000_000L);
    assertThat(s.cpuKernel()).isEqualTo(30_000_000L);
    assertThat(s.throttledPeriods()).isEqualTo(2);
    assertThat(s.memoryUsage()).isEqualTo(2097152L);
    assertThat(s.memoryLimit()).isEqualTo(67108864L);
    assertThat(s.memoryStats()).containsEntry("total_inactive_file", 8192L);
    assertThat(s.blkio().get("io_service_bytes_recursive"))
        .containsExactly(new BlkioEntry(8, 0, "Read", 512), new BlkioEntry(8, 0, "Write", 1024));
    assertThat(s.blkio().get("io_queued_recursive")).isEmpty();
    assertThat(s.pidsCurrent()).isEqualTo(3);
    assertThat(s.pidsLimit()).isZero();
  }

  @Test
  void v2ReadsTheUnifiedFilesWithMicrosecondsAsNanoseconds() throws Exception {
    write("cgroup.controllers", "cpu memory pids io\n");
    write("berth/c/cpu.stat", "usage_usec 2000\nuser_usec 1500\nsystem_usec 500\nnr_periods 4\nnr_throttled 1\nthrottled_usec 30\n");
    write("berth/c/memory.current", "1048576\n");
    write("berth/c/memory.max", "max\n");
    write("berth/c/memory.stat", "anon 4096\ninactive_file 2048\n");
    write("berth/c/memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
    write("berth/c/io.stat", "8:16 rbytes=100 wbytes=200 rios=1 wios=2 dbytes=0 dios=0\n");
    write("berth/c/pids.current", "2\n");
    write("berth/c/pids.max", "64\n");
    var s = new CgroupStats(new CgroupFiles(tmp)).read("/berth/c");
    assertThat(s.v2()).isTrue();
    assertThat(s.cpuTotal()).isEqualTo(2_000_000L);
    assertThat(s.perCpu()).isNull();
    assertThat(s.cpuUser()).isEqualTo(1_500_000L);
    assertThat(s.throttledTime()).isEqualTo(30_000L);
    assertThat(s.memoryLimit()).isEqualTo(Long.MAX_VALUE);
    assertThat(s.memoryFailcnt()).isEqualTo(1);
    assertThat(s.blkio().get("io_service_bytes_recursive"))
        .isEqualTo(List.of(new BlkioEntry(8, 16, "read", 100), new BlkioEntry(8, 16, "write", 200)));
    assertThat(s.pidsLimit()).isEqualTo(64);
  }
}
