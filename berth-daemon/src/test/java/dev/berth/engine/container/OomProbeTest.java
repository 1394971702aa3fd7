package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OomProbeTest {
  @TempDir Path root;

  @Test
  void cgroupV2MemoryEventsOomKillCountsAsOomKilled() throws Exception {
    var dir = Files.createDirectories(root.resolve("berth/c1"));
    Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n");
    assertThat(OomProbe.cgroups(root).oomKilled("/berth/c1")).isTrue();
    Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 0\n");
    assertThat(OomProbe.cgroups(root).oomKilled("/berth/c1")).isFalse();
  }

  @Test
  void cgroupV1OomControlOomKillCountsAsOomKilled() throws Exception {
    var dir = Files.createDirectories(root.resolve("memory/berth/c2"));
    Files.writeString(dir.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
    assertThat(OomProbe.cgroups(root).oomKilled("berth/c2")).isTrue();
  }

  @Test
  void aGoneCgroupIsNotOomKilled() {
    assertThat(OomProbe.cgroups(root).oomKilled("/berth/none")).isFalse();
  }
}
