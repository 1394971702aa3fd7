package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitWatcherTest {
  @TempDir Path tmp;

  private static void await(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.onSpinWait();
    }
  }

  @Test
  void reportsEachNewExitOnceAndNotThoseFromBeforeItStarted() throws Exception {
    var exits = Files.createDirectories(tmp.resolve("exits"));
    Files.writeString(exits.resolve("old"), "0");
    var seen = new CopyOnWriteArrayList<String>();
    try (var watcher = new ExitWatcher(exits)) {
      watcher.addListener(seen::add);
      Files.writeString(exits.resolve("half"), ""); // conmon has created it but not written the code yet
      Files.writeString(exits.resolve("a"), "3");
      await("exit of a", () -> seen.contains("a"));
      Files.writeString(exits.resolve("half"), "137");
      await("exit of half", () -> seen.contains("half"));
      Files.writeString(exits.resolve("a"), "3"); // rewritten: still once
      watcher.forget("b");
      assertThat(seen).containsExactlyInAnyOrder("a", "half");
      // a deleted container's id can exit again after it is recreated
      Files.delete(exits.resolve("a"));
      watcher.forget("a");
      Files.writeString(exits.resolve("a"), "0");
      await("second exit of a", () -> seen.stream().filter("a"::equals).count() == 2);
      assertThat(seen).doesNotContain("old");
    }
    assertThat(ExitWatcher.read(exits.resolve("half"))).hasValue(137);
    assertThat(ExitWatcher.read(exits.resolve("missing"))).isEmpty();
  }
}
