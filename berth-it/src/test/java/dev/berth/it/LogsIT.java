package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker logs: streams, --tail, --since, --until, -t, -f, and the multiplexed wire format. */
@BerthTest
class LogsIT {
  private static final String TS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z";
  /** Prints out1..out4 on stdout and err1, err2 on stderr, a little apart so each line has its own time. */
  private static String done;

  @BeforeAll
  static void container(BerthDaemon daemon, Docker docker) {
    daemon.ensureBusybox();
    done = docker.ok("run", "-d", "--name", "logs-done", "busybox", "sh", "-c",
        "for i in 1 2; do echo out$i; sleep 0.05; echo err$i >&2; sleep 0.05; done; echo out3; sleep 0.05; echo out4").stdout();
    assertThat(docker.ok("wait", done).stdout()).isEqualTo("0");
  }

  @AfterAll
  static void cleanUp(Docker docker) {
    docker.run("rm", "-f", "logs-done");
  }

  @Test
  void logsSplitStdoutAndStderr(Docker docker) {
    Docker.Result r = docker.ok("logs", "logs-done");
    assertThat(r.out()).isEqualTo("out1\nout2\nout3\nout4\n");
    assertThat(r.err()).isEqualTo("err1\nerr2\n");
  }

  @Test
  void tailCountsLinesAcrossBothStreams(Docker docker) {
    Docker.Result two = docker.ok("logs", "--tail", "2", "logs-done");
    assertThat(two.out()).isEqualTo("out3\nout4\n");
    assertThat(two.err()).isEmpty();
    Docker.Result three = docker.ok("logs", "--tail", "3", "logs-done");
    assertThat(three.out()).isEqualTo("out3\nout4\n");
    assertThat(three.err()).isEqualTo("err2\n");
    assertThat(docker.ok("logs", "--tail", "0", "logs-done").out()).isEmpty();
    assertThat(docker.ok("logs", "--tail", "all", "logs-done").out()).isEqualTo("out1\nout2\nout3\nout4\n");
    assertThat(docker.ok("logs", "--tail", "100", "logs-done").out()).isEqualTo("out1\nout2\nout3\nout4\n");
  }

  @Test
  void timestampsPrefixEachLineWithNineDigitNanos(Docker docker) {
    Docker.Result r = docker.ok("logs", "-t", "logs-done");
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(lines.get(i)).matches(TS + " out" + (i + 1));
    }
    assertThat(r.err().lines().toList()).allMatch(l -> l.matches(TS + " err[12]"));
    List<String> sorted = new ArrayList<>(lines);
    sorted.sort(null);
    assertThat(lines).isEqualTo(sorted);
  }

  @Test
  void sinceAndUntilSelectByTime(Docker docker) {
    List<String> lines = docker.ok("logs", "-t", "logs-done").out().lines().toList();
    String t2 = lines.get(1).substring(0, lines.get(1).indexOf(' '));
    String t3 = lines.get(2).substring(0, lines.get(2).indexOf(' '));
    assertThat(docker.ok("logs", "--since", t2, "logs-done").out()).isEqualTo("out2\nout3\nout4\n");
    assertThat(docker.ok("logs", "--until", t2, "logs-done").out()).isEqualTo("out1\nout2\n");
    Docker.Result between = docker.ok("logs", "--since", t2, "--until", t3, "logs-done");
    assertThat(between.out()).isEqualTo("out2\nout3\n");
    assertThat(between.err()).isEqualTo("err2\n");
    assertThat(docker.ok("logs", "--since", "2099-01-01T00:00:00Z", "logs-done").out()).isEmpty();
    assertThat(docker.ok("logs", "--since", "1h", "logs-done").out()).isEqualTo("out1\nout2\nout3\nout4\n");
  }

  @Test
  void followOnAnExitedContainerPrintsEverythingAndEnds(Docker docker) {
    Docker.Result r = docker.run(Duration.ofSeconds(15), "logs", "-f", "logs-done");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("out1\nout2\nout3\nout4\n");
  }

  @Test
  void followStreamsNewLinesUntilTheContainerExits(Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sh", "-c",
        "i=0; while [ $i -lt 15 ]; do i=$((i+1)); echo line$i; sleep 0.2; done").stdout();
    try (DockerStream follow = docker.start("logs", "-f", id)) {
      follow.awaitLine(Duration.ofSeconds(10), "line1", "line1"::equals);
      // Lines arrive while the container still runs, not only once it exited.
      assertThat(docker.inspect(id).path("State").path("Running").asBoolean()).isTrue();
      assertThat(follow.awaitExit(Duration.ofSeconds(15))).isZero();
      List<String> expected = new ArrayList<>();
      for (int i = 1; i <= 15; i++) {
        expected.add("line" + i);
      }
      assertThat(follow.lines()).containsExactlyElementsOf(expected);
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void followWithTailZeroShowsOnlyNewLines(Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sh", "-c",
        "echo old; while true; do echo tick; sleep 0.2; done").stdout();
    try {
      Await.until(Duration.ofSeconds(10), "old", () -> docker.ok("logs", id).out().contains("old"));
      try (DockerStream follow = docker.start("logs", "-f", "--tail", "0", id)) {
        follow.awaitLines(Duration.ofSeconds(10), 2);
        assertThat(follow.lines()).doesNotContain("old").allMatch("tick"::equals);
      }
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void logsOfANeverStartedContainerAreEmpty(Docker docker) {
    String id = docker.ok("create", "busybox", "echo", "never").stdout();
    try {
      Docker.Result r = docker.ok("logs", id);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEmpty();
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void logsOverHttpAreMultiplexedFrames(RawHttp http) {
    HttpReply r = http.get("/v1.44/containers/logs-done/logs?stdout=1&stderr=1");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/vnd.docker.multiplexed-stream");
    ByteBuffer b = ByteBuffer.wrap(r.body());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    while (b.hasRemaining()) {
      int stream = b.get();
      assertThat(b.get()).isZero();
      assertThat(b.get()).isZero();
      assertThat(b.get()).isZero();
      byte[] payload = new byte[b.getInt()];
      b.get(payload);
      assertThat(stream).isIn(1, 2);
      (stream == 1 ? out : err).writeBytes(payload);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out1\nout2\nout3\nout4\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err1\nerr2\n");
    HttpReply onlyErr = http.get("/v1.44/containers/logs-done/logs?stderr=1");
    assertThat(onlyErr.body()[0]).isEqualTo((byte) 2);
  }
}
