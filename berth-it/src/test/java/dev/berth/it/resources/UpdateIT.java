package dev.berth.it.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docker update} of resources through the CLI: the container's cgroup files (v1 on this
 * host) show the new limits at once, inspect shows them, the next start keeps them, and bad values
 * get dockerd's texts.
 */
@BerthTest
class UpdateIT {
  private static final Path CGROUP = Path.of("/sys/fs/cgroup");

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  private static String cgroup(String controller, String id, String file) {
    try {
      return Files.readString(CGROUP.resolve(controller).resolve("berth").resolve(id).resolve(file)).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void limitsOfARunningContainerChangeLiveAndShowInInspect(Docker docker) {
    Instant t0 = Instant.now();
    String id = docker.ok("run", "-d", "busybox", "sleep", "300").stdout();
    docker.ok("update", "--memory", "64m", "--memory-swap", "128m", "--memory-reservation", "32m", "--cpus", "0.5",
        "--cpu-shares", "512", "--cpuset-cpus", "0", "--cpuset-mems", "0", "--pids-limit", "20", id);
    assertThat(cgroup("memory", id, "memory.limit_in_bytes")).isEqualTo("67108864");
    assertThat(cgroup("memory", id, "memory.memsw.limit_in_bytes")).isEqualTo("134217728");
    assertThat(cgroup("memory", id, "memory.soft_limit_in_bytes")).isEqualTo("33554432");
    assertThat(cgroup("cpu", id, "cpu.cfs_quota_us")).isEqualTo("50000");
    assertThat(cgroup("cpu", id, "cpu.cfs_period_us")).isEqualTo("100000");
    assertThat(cgroup("cpu", id, "cpu.shares")).isEqualTo("512");
    assertThat(cgroup("cpuset", id, "cpuset.cpus")).isEqualTo("0");
    assertThat(cgroup("pids", id, "pids.max")).isEqualTo("20");
    var hc = docker.inspect(id).path("HostConfig");
    assertThat(hc.path("Memory").asLong()).isEqualTo(64L << 20);
    assertThat(hc.path("MemorySwap").asLong()).isEqualTo(128L << 20);
    assertThat(hc.path("MemoryReservation").asLong()).isEqualTo(32L << 20);
    assertThat(hc.path("NanoCpus").asLong()).isEqualTo(500_000_000L);
    assertThat(hc.path("CpuShares").asLong()).isEqualTo(512);
    assertThat(hc.path("CpusetCpus").asText()).isEqualTo("0");
    assertThat(hc.path("PidsLimit").asLong()).isEqualTo(20);

    // NanoCpus is set: a quota would conflict (moby's 409)
    var conflict = docker.run("update", "--cpu-quota", "20000", id);
    assertThat(conflict.exitCode()).isNotZero();
    assertThat(conflict.err()).contains("Cannot update container " + id
        + ": Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
    // a bigger memory limit needs the swap limit as well, as in dockerd
    var swap = docker.run("update", "--memory", "256m", id);
    assertThat(swap.err()).contains("Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time");
    docker.ok("update", "--memory", "256m", "--memory-swap", "-1", "--pids-limit", "-1", id);
    assertThat(cgroup("memory", id, "memory.limit_in_bytes")).isEqualTo("268435456");
    assertThat(cgroup("pids", id, "pids.max")).isEqualTo("max");
    assertThat(docker.inspect(id).path("HostConfig").path("PidsLimit").asLong()).isZero();

    // the next start uses what was stored
    docker.ok("restart", "-t", "0", id);
    assertThat(cgroup("memory", id, "memory.limit_in_bytes")).isEqualTo("268435456");
    assertThat(cgroup("cpu", id, "cpu.cfs_quota_us")).isEqualTo("50000");
    assertThat(cgroup("cpu", id, "cpu.shares")).isEqualTo("512");

    var actions = docker.jsonLines("events", "--since", Long.toString(t0.getEpochSecond()), "--until",
        Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=" + id, "--format", "{{json .}}")
        .stream().map(e -> e.path("Action").asText()).toList();
    assertThat(actions.stream().filter("update"::equals).count()).isEqualTo(2);
    docker.ok("rm", "-f", id);
  }

  @Test
  void cpuPeriodAndQuotaOfAStoppedContainerApplyAtItsStart(Docker docker) {
    String id = docker.ok("create", "busybox", "sleep", "300").stdout();
    docker.ok("update", "--cpu-period", "50000", "--cpu-quota", "25000", "--memory", "32m", "--memory-swap", "64m", id);
    var hc = docker.inspect(id).path("HostConfig");
    assertThat(hc.path("CpuPeriod").asLong()).isEqualTo(50000);
    assertThat(hc.path("CpuQuota").asLong()).isEqualTo(25000);
    docker.ok("start", id);
    assertThat(cgroup("cpu", id, "cpu.cfs_period_us")).isEqualTo("50000");
    assertThat(cgroup("cpu", id, "cpu.cfs_quota_us")).isEqualTo("25000");
    assertThat(cgroup("memory", id, "memory.limit_in_bytes")).isEqualTo("33554432");
    var nano = docker.run("update", "--cpus", "1", id);
    assertThat(nano.err()).contains("Conflicting options: Nano CPUs cannot be updated as CPU Period has already been set");
    docker.ok("rm", "-f", id);
  }

  @Test
  void badValuesGetDockerdsTextsAndChangeNothing(Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sleep", "300").stdout();
    assertThat(docker.run("update", "--memory", "1m", id).err()).contains("Minimum memory limit allowed is 6MB");
    assertThat(docker.run("update", "--memory", "64m", "--memory-swap", "32m", id).err())
        .contains("Minimum memoryswap limit should be larger than memory limit, see usage");
    assertThat(docker.run("update", "--cpuset-cpus", "64", id).err())
        .contains("Requested CPUs are not available - requested 64, available: ");
    assertThat(docker.run("update", "--cpu-period", "100", id).err())
        .contains("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
    // no memory limit yet: its stored swap limit is 0, so memory alone conflicts (moby UpdateContainer)
    assertThat(docker.run("update", "--memory", "64m", id).err())
        .contains("Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time");
    assertThat(docker.inspect(id).path("HostConfig").path("Memory").asLong()).isZero();
    // this kernel has no blkio weight: dockerd warns and discards it (the CLI prints warnings on stdout)
    var weight = docker.ok("update", "--blkio-weight", "300", id);
    assertThat(weight.out()).contains("Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.");
    assertThat(docker.inspect(id).path("HostConfig").path("BlkioWeight").asInt()).isZero();
    assertThat(docker.run("update", "--memory", "1m", "nosuchcontainer").err()).contains("No such container: nosuchcontainer");
    docker.ok("rm", "-f", id);
  }
}
