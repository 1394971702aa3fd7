package dev.berth.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemServiceTest {
  @TempDir Path root;

  private void write(String path, String text) throws Exception {
    var p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void hostFactsComeFromProcEtcAndSys() throws Exception {
    write("proc/sys/kernel/osrelease", "6.1.0-test\n");
    write("proc/sys/kernel/hostname", "box\n");
    write("etc/os-release", "NAME=\"Debian\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\n");
    write("proc/meminfo", "MemTotal:       2048 kB\nMemFree: 1 kB\n");
    write("sys/fs/cgroup/cgroup.controllers", "cpu memory\n");
    var facts = HostFacts.read(root);
    assertThat(facts.kernelVersion()).isEqualTo("6.1.0-test");
    assertThat(facts.hostname()).isEqualTo("box");
    assertThat(facts.operatingSystem()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
    assertThat(facts.osVersion()).isEqualTo("12");
    assertThat(facts.memTotal()).isEqualTo(2048 * 1024);
    assertThat(facts.cgroupVersion()).isEqualTo("2");
    assertThat(HostFacts.read(root.resolve("empty")).cgroupVersion()).isEqualTo("1");
  }

  @Test
  void infoCarriesCountsAndSettings() throws Exception {
    write("proc/self/mounts", "/dev/sda1 / ext4 rw 0 0\ntmpfs /data tmpfs rw 0 0\n");
    write("proc/sys/net/bridge/bridge-nf-call-iptables", "1\n");
    write("proc/sys/net/bridge/bridge-nf-call-ip6tables", "1\n");
    var facts = new HostFacts("6.1", "Debian", "12", "box", 2, 1024, "1", "x86_64");
    var svc = new SystemService(new BuildInfo("25.0.0-berth", "c0ffee", "t"), facts, "ID", InfoSettings.defaults(Path.of("/data/berth")),
        () -> new ContainerCounts.Counts(4, 1, 1, 2), () -> 9, root);
    var info = svc.info();
    assertThat(info.id()).isEqualTo("ID");
    assertThat(info.containers()).isEqualTo(4);
    assertThat(info.containersRunning()).isEqualTo(1);
    assertThat(info.containersPaused()).isEqualTo(1);
    assertThat(info.containersStopped()).isEqualTo(2);
    assertThat(info.images()).isEqualTo(9);
    assertThat(info.driverStatus().getFirst()).containsExactly("Backing Filesystem", "tmpfs");
    assertThat(info.swarm().localNodeState()).isEqualTo("inactive");
    assertThat(info.labels()).isEmpty();
    assertThat(info.warnings()).isEmpty();
    assertThat(info.dockerRootDir()).isEqualTo("/data/berth");
    var version = svc.version();
    assertThat(version.apiVersion()).isEqualTo("1.44");
    assertThat(version.minApiVersion()).isEqualTo("1.24");
    assertThat(version.arch()).isEqualTo("amd64");
    assertThat(version.components().getFirst().details()).containsEntry("GitCommit", "c0ffee").containsEntry("MinAPIVersion", "1.24");
  }

  @Test
  void runtimeVersionIsParsedFromRuncOutput() {
    var v = RuntimeVersion.parse("runc", "runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\n");
    assertThat(v).isEqualTo(new RuntimeVersion("runc", "1.1.5+ds1", "1.1.5+ds1-1+deb12u1"));
    assertThat(RuntimeVersion.probe("x", "/nonexistent/runtime").version()).isEmpty();
  }

  @Test
  void engineIdIsKeptAcrossStarts() throws Exception {
    var first = EngineId.loadOrCreate(root);
    assertThat(first).hasSize(36);
    assertThat(EngineId.loadOrCreate(root)).isEqualTo(first);
  }
}
