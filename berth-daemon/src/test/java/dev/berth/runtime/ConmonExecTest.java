package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConmonExecTest {
  @TempDir Path tmp;

  @Test
  void staleSessionsOfAnEarlierDaemonAreRemovedButOnesWhoseConmonRunsOrThatAreNewStay() throws Exception {
    var execs = Files.createDirectories(tmp.resolve("exec/execs"));
    var gone = new ProcessBuilder("true").start();
    gone.waitFor(10, TimeUnit.SECONDS);
    Files.createDirectories(execs.resolve("dead"));
    Files.writeString(execs.resolve("dead/conmon.pid"), Long.toString(gone.pid()));
    Files.createDirectories(execs.resolve("nopid"));
    // a live process whose command is "conmon"
    var fakeConmon = Files.copy(Path.of("/bin/sleep"), tmp.resolve("conmon"));
    var live = new ProcessBuilder(fakeConmon.toString(), "60").start();
    try {
      Files.createDirectories(execs.resolve("live"));
      Files.writeString(execs.resolve("live/conmon.pid"), Long.toString(live.pid()));
      // sessions of an earlier daemon are older than this process; one made since (a probe setting up) is newer
      Files.createDirectories(execs.resolve("new"));
      var earlier = FileTime.from(ProcessHandle.current().info().startInstant().orElseThrow().minusSeconds(60));
      for (var dir : List.of("dead", "nopid", "live")) {
        Files.setLastModifiedTime(execs.resolve(dir), earlier);
      }
      new ConmonExec(tmp.resolve("exec"), Path.of("/bin/false"), Path.of("/bin/false"), null).removeStaleSessions();
      assertThat(execs.resolve("dead")).doesNotExist();
      assertThat(execs.resolve("nopid")).doesNotExist();
      assertThat(execs.resolve("live")).isDirectory();
      assertThat(execs.resolve("new")).isDirectory();
    } finally {
      live.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
