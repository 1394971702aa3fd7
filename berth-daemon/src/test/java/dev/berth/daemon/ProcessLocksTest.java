package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLocksTest {
  @TempDir Path root;

  @Test
  void secondOwnerOfARootIsRefusedUntilTheFirstLetsGo() throws Exception {
    try (var first = new ProcessLocks()) {
      first.lock(root, "data-root");
      try (var second = new ProcessLocks()) {
        assertThatThrownBy(() -> second.lock(root, "data-root"))
            .isInstanceOf(ProcessLocks.AlreadyRunning.class)
            .hasMessageContaining("is already using the data-root " + root)
            .hasMessageContaining("pid " + ProcessHandle.current().pid());
      }
    }
    try (var again = new ProcessLocks()) {
      again.lock(root, "data-root");
    }
  }

  @Test
  void pidfileIsWrittenAndRemovedAndALivePidfileRefused() throws Exception {
    var pidfile = root.resolve("run/berthd.pid");
    try (var locks = new ProcessLocks()) {
      locks.writePidfile(pidfile);
      assertThat(Files.readString(pidfile).strip()).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
    }
    assertThat(pidfile).doesNotExist();
    Files.createDirectories(pidfile.getParent());
    Files.writeString(pidfile, "1\n"); // init is alive
    try (var locks = new ProcessLocks()) {
      assertThatThrownBy(() -> locks.writePidfile(pidfile)).hasMessageContaining("process with PID 1 is still running");
    }
    Files.writeString(pidfile, "999999999\n");
    try (var locks = new ProcessLocks()) {
      locks.writePidfile(pidfile); // stale: overwritten
    }
  }
}
