package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupDirsTest {
  @TempDir Path tmp;

  @Test
  void cgroupDirsRemoveTheContainerAndEmptyParentsButNotBusyOnes() throws Exception {
    var root = tmp.resolve("cgroup");
    for (var h : List.of("cpu", "memory", "pids")) Files.createDirectories(root.resolve(h).resolve("berth/c1"));
    Files.createDirectories(root.resolve("memory/berth/c2")); // another container keeps memory's parent
    var dirs = new CgroupDirs(root);
    assertThat(dirs.existing("/berth/c1")).hasSize(3);
    assertThat(dirs.remove("/berth/c1")).isEmpty();
    assertThat(dirs.existing("/berth/c1")).isEmpty();
    assertThat(root.resolve("cpu/berth")).doesNotExist();
    assertThat(root.resolve("memory/berth/c2")).exists();
    Files.writeString(root.resolve("memory/berth/c2/tasks"), "1"); // stands in for a busy cgroup
    assertThat(dirs.remove("/berth/c2")).containsExactly(root.resolve("memory/berth/c2"));
  }
}
