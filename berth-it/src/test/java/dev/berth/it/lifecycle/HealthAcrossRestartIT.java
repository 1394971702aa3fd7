package dev.berth.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** State.Health is kept across a daemon restart (live restore) and the checks go on. */
@BerthTest
class HealthAcrossRestartIT {
  private static final Duration T = Duration.ofSeconds(60);

  private static JsonNode health(Docker docker, String id) {
    return docker.inspect(id).path("State").path("Health");
  }

  private static String lastEnd(Docker docker, String id) {
    JsonNode log = health(docker, id).path("Log");
    return log.isEmpty() ? "" : log.get(log.size() - 1).path("End").asText();
  }

  @Test
  void healthIsKeptAndChecksContinueAfterARestart(Daemons daemons) {
    BerthDaemon d = daemons.start("--live-restore").ensureBusybox();
    Docker docker = d.docker();
    String id = docker.ok("run", "-d", "--health-cmd", "test ! -e /tmp/sick", "--health-interval", "1s",
        "--health-retries", "1", "busybox", "sleep", "300").stdout();
    try {
      Await.until(T, "healthy", () -> health(docker, id).path("Status").asText().equals("healthy"));
      docker.ok("exec", id, "touch", "/tmp/sick");
      Await.until(T, "unhealthy", () -> health(docker, id).path("Status").asText().equals("unhealthy"));
      JsonNode before = health(docker, id);
      assertThat(d.stop()).isZero();
      d.start();
      JsonNode after = health(docker, id);
      assertThat(after.path("Status").asText()).isEqualTo("unhealthy");
      assertThat(after.path("FailingStreak").asInt()).isGreaterThanOrEqualTo(before.path("FailingStreak").asInt());
      assertThat(after.path("Log").size()).isGreaterThanOrEqualTo(1);
      assertThat(docker.ok("ps", "--format", "{{.Status}}").stdout()).contains("(unhealthy)");
      String end = lastEnd(docker, id);
      Await.until(T, "a check after the restart", () -> lastEnd(docker, id).compareTo(end) > 0);
      docker.ok("exec", id, "rm", "/tmp/sick");
      Await.until(T, "healthy again", () -> health(docker, id).path("Status").asText().equals("healthy"));
    } finally {
      docker.ok("rm", "-f", id);
    }
  }
}
