package dev.berth.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import dev.berth.it.DockerStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No log line is lost: a container writes numbered lines fast while berthd is stopped (SIGTERM
 * with --live-restore), started, killed -9 and started again, and its log rotates meanwhile;
 * afterwards {@code docker logs} (and {@code docker logs -f}) show every number once, in order.
 */
@BerthTest
class NoLineLostIT {
  private static final Duration T = Duration.ofSeconds(60);
  /** 0, 1, 2, … about 10,000 lines a second until killed. */
  private static final String WRITER =
      "i=0; while true; do echo $i; i=$((i+1)); if [ $((i % 100)) -eq 0 ]; then sleep 0.01; fi; done";

  private static long totalSize(Path log) {
    try (Stream<Path> s = Files.list(log.getParent())) {
      return s.filter(p -> p.getFileName().toString().startsWith(log.getFileName().toString())).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    } catch (IOException e) {
      return 0;
    }
  }

  private static long rotatedCount(Path log) {
    try (Stream<Path> s = Files.list(log.getParent())) {
      return s.filter(p -> p.getFileName().toString().startsWith(log.getFileName().toString() + ".")).count();
    } catch (IOException e) {
      return 0;
    }
  }

  private static void assertEveryNumberOnceInOrder(List<String> lines) {
    assertThat(lines.size()).isGreaterThan(10_000);
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).equals(Integer.toString(i))) {
        throw new AssertionError("line " + i + " of " + lines.size() + " is '" + lines.get(i) + "', around: "
            + lines.subList(Math.max(0, i - 3), Math.min(lines.size(), i + 3)));
      }
    }
  }

  @Test
  void everyLineSurvivesRestartsKillsAndRotations(Daemons daemons) {
    BerthDaemon d = daemons.start("--live-restore").ensureBusybox();
    Docker docker = d.docker();
    String id = docker.ok("run", "-d", "--log-opt", "max-size=100k", "--log-opt", "max-file=1000", "--log-opt",
        "compress=true", "busybox", "sh", "-c", WRITER).stdout();
    Path log = Path.of(docker.inspect(id).path("LogPath").asText());
    try {
      Await.until(T, "a first rotation", () -> rotatedCount(log) >= 1);

      assertThat(d.stop()).isZero();
      long down = totalSize(log);
      Await.until(T, "lines written while berthd is down", () -> totalSize(log) > down + 200_000);
      d.start();
      long rotated = rotatedCount(log);
      Await.until(T, "a rotation after the restart", () -> rotatedCount(log) > rotated);

      d.kill9();
      long killed = totalSize(log);
      Await.until(T, "lines written after kill -9", () -> totalSize(log) > killed + 200_000);
      d.start();
      long again = rotatedCount(log);
      Await.until(T, "a rotation after the second start", () -> rotatedCount(log) > again);

      try (DockerStream follow = docker.start("logs", "-f", id)) {
        follow.awaitLines(T, 20_000);
        docker.ok("kill", id);
        assertThat(follow.awaitExit(T)).isZero();
        assertEveryNumberOnceInOrder(follow.lines());
      }
      List<String> lines = docker.ok("logs", id).out().lines().toList();
      assertEveryNumberOnceInOrder(lines);
      assertThat(rotatedCount(log)).isGreaterThan(3);
    } finally {
      docker.ok("rm", "-f", id);
    }
  }
}
