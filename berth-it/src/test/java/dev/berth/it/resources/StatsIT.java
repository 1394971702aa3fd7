package dev.berth.it.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import dev.berth.it.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docker stats} through the CLI and {@code GET /containers/{id}/stats}: the memory limit,
 * CPU use of a busy loop, PIDs, block and network I/O columns, one frame a second while streaming,
 * zeros for a stopped container.
 */
@BerthTest
class StatsIT {
  private static final Duration T = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  @Test
  void noStreamShowsTheLimitCpuOfABusyLoopAndPids(Docker docker) {
    String id = docker.ok("run", "-d", "-m", "64m", "busybox", "sh", "-c", "sleep 300 & while :; do :; done").stdout();
    var row = docker.json("stats", "--no-stream", "--format", "{{json .}}", id);
    assertThat(row.path("MemUsage").asText()).endsWith("/ 64MiB");
    assertThat(row.path("MemPerc").asText()).endsWith("%");
    double cpu = Double.parseDouble(row.path("CPUPerc").asText().replace("%", ""));
    assertThat(cpu).as("a busy loop uses CPU").isGreaterThan(5.0);
    assertThat(row.path("PIDs").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(row.path("BlockIO").asText()).contains("/");
    assertThat(row.path("NetIO").asText()).contains("/");
    assertThat(row.path("Name").asText()).isEqualTo(docker.inspect(id).path("Name").asText().substring(1));
    docker.ok("rm", "-f", id);
  }

  @Test
  void theApiAnswersInDockerdsShape(BerthDaemon daemon, Docker docker) {
    String id = docker.ok("run", "-d", "--pids-limit", "50", "busybox", "sleep", "300").stdout();
    RawHttp http = daemon.http();
    var reply = http.get("/v1.44/containers/" + id + "/stats?stream=false");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode s = reply.json();
    assertThat(s.path("id").asText()).isEqualTo(id);
    assertThat(s.path("name").asText()).startsWith("/");
    assertThat(s.path("read").asText()).isNotEqualTo("0001-01-01T00:00:00Z");
    assertThat(s.path("preread").asText()).as("stream=false waits for a second sample").isNotEqualTo("0001-01-01T00:00:00Z");
    assertThat(s.path("cpu_stats").path("online_cpus").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(s.path("cpu_stats").path("system_cpu_usage").asLong())
        .isGreaterThan(s.path("precpu_stats").path("system_cpu_usage").asLong());
    assertThat(s.path("cpu_stats").path("cpu_usage").path("percpu_usage").isArray()).isTrue();
    assertThat(s.path("memory_stats").path("usage").asLong()).isPositive();
    assertThat(s.path("memory_stats").path("limit").asLong()).isPositive();
    assertThat(s.path("memory_stats").path("stats").has("total_inactive_file")).isTrue();
    assertThat(s.path("pids_stats").path("current").asInt()).isEqualTo(1);
    assertThat(s.path("pids_stats").path("limit").asInt()).isEqualTo(50);
    assertThat(s.path("blkio_stats").has("io_service_bytes_recursive")).isTrue();
    assertThat(s.path("networks").path("eth0").has("rx_bytes")).isTrue();
    assertThat(s.has("networks") && !s.path("networks").has("lo")).isTrue();

    var oneShot = http.get("/v1.44/containers/" + id + "/stats?stream=false&one-shot=true").json();
    assertThat(oneShot.path("preread").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(oneShot.path("memory_stats").path("usage").asLong()).isPositive();
    var both = http.get("/v1.44/containers/" + id + "/stats?stream=true&one-shot=true");
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.message()).isEqualTo("cannot have stream=true and one-shot=true");
    assertThat(http.get("/v1.44/containers/nosuch/stats?stream=false").status()).isEqualTo(404);

    try (var stream = http.open("GET", "/v1.44/containers/" + id + "/stats", Map.of(), null, T)) {
      assertThat(stream.status()).isEqualTo(200);
      var first = frame(stream.next(T));
      var second = frame(stream.next(T));
      assertThat(first.path("preread").asText()).isEqualTo("0001-01-01T00:00:00Z");
      assertThat(second.path("preread").asText()).isEqualTo(first.path("read").asText());
      assertThat(second.path("precpu_stats").path("system_cpu_usage").asLong())
          .isEqualTo(first.path("cpu_stats").path("system_cpu_usage").asLong());
    }
    docker.ok("rm", "-f", id);
  }

  private static JsonNode frame(byte[] chunk) {
    try {
      return JSON.readTree(new String(chunk, StandardCharsets.UTF_8).strip());
    } catch (java.io.IOException e) {
      throw new AssertionError("not one JSON frame: " + new String(chunk, StandardCharsets.UTF_8), e);
    }
  }

  @Test
  void aStoppedContainerShowsZerosAndStreamingCoversSeveralContainers(Docker docker) {
    String stopped = docker.ok("create", "busybox", "true").stdout();
    var row = docker.json("stats", "--no-stream", "--format", "{{json .}}", stopped);
    assertThat(row.path("CPUPerc").asText()).isEqualTo("0.00%");
    assertThat(row.path("MemUsage").asText()).isEqualTo("0B / 0B");
    assertThat(row.path("PIDs").asText()).isEqualTo("0");
    String a = docker.ok("run", "-d", "busybox", "sleep", "300").stdout();
    String b = docker.ok("run", "-d", "busybox", "sleep", "300").stdout();
    try (var stream = docker.start("stats", "--format", "{{.ID}} {{.PIDs}}", a, b)) {
      stream.awaitLine(T, "a row for " + a, l -> l.contains(a.substring(0, 12) + " 1"));
      stream.awaitLine(T, "a row for " + b, l -> l.contains(b.substring(0, 12) + " 1"));
    }
    docker.ok("rm", "-f", a, b, stopped);
  }
}
