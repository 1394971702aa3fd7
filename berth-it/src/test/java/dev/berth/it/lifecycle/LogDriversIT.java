package dev.berth.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log drivers as dockerd has them: json-file (default), local and none; --log-opt checks with
 * dockerd's texts; rotation at max-size keeping max-file files, gzip'd with compress, and
 * {@code docker logs} (also -f, --tail, --since) reading across the rotated files; --details;
 * lines longer than 16 KiB; daemon.json defaults.
 */
@BerthTest
class LogDriversIT {
  private static final Duration T = Duration.ofSeconds(60);

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  private static List<String> numbers(int from, int to) {
    var out = new ArrayList<String>();
    for (int i = from; i < to; i++) out.add("line" + i);
    return out;
  }

  /** A shell loop printing line0 … line{n-1}, pausing {@code pauseEvery} lines so a rotation check can run. */
  private static String counter(int n, int pauseEvery) {
    return "i=0; while [ $i -lt " + n + " ]; do echo line$i; i=$((i+1)); if [ $((i % " + pauseEvery
        + ")) -eq 0 ]; then sleep 0.05; fi; done";
  }

  private static List<Path> logFiles(JsonNode inspect) throws IOException {
    Path log = Path.of(inspect.path("LogPath").asText());
    try (Stream<Path> s = Files.list(log.getParent())) {
      return s.filter(p -> p.getFileName().toString().startsWith(log.getFileName().toString())).sorted().toList();
    }
  }

  @Test
  void jsonFileIsTheDefaultAndLogPathAppearsAtStart(Docker docker) {
    String id = docker.ok("create", "busybox", "echo", "hi").stdout();
    try {
      JsonNode created = docker.inspect(id);
      assertThat(created.path("HostConfig").path("LogConfig").toString()).isEqualTo("{\"Type\":\"json-file\",\"Config\":{}}");
      assertThat(created.path("LogPath").asText()).isEmpty();
      docker.ok("start", id);
      assertThat(docker.ok("wait", id).stdout()).isEqualTo("0");
      assertThat(docker.inspect(id).path("LogPath").asText()).endsWith("/" + id + "/" + id + "-json.log");
      assertThat(docker.ok("logs", id).out()).isEqualTo("hi\n");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void unknownDriversAndOptionsAreRefusedAtCreateWithDockerdsText(Docker docker) {
    assertThat(docker.run("create", "--log-opt", "x=y", "busybox").err())
        .contains("Error response from daemon: unknown log opt 'x' for json-file log driver");
    assertThat(docker.run("create", "--log-driver", "local", "--log-opt", "labels=a", "busybox").err())
        .contains("Error response from daemon: unknown log opt 'labels' for log driver local");
    assertThat(docker.run("create", "--log-driver", "foo", "busybox").err())
        .contains("Error response from daemon: error looking up logging plugin foo: plugin \"foo\" not found");
    assertThat(docker.run("create", "--log-opt", "mode=xx", "busybox").err())
        .contains("Error response from daemon: logger: logging mode not supported: xx");
  }

  @Test
  void badOptionValuesFailTheStartAsDockerdDoes(Docker docker) {
    String[][] cases = {
        {"max-size=abc", "invalid size: 'abc'"},
        {"max-file=0", "max-file cannot be less than 1"},
        {"compress=true", "compress cannot be true when max-file is less than 2 or max-size is not set"},
        {"tag={{.Foo}}", "can't evaluate field Foo in type *logger.Info"},
    };
    for (String[] c : cases) {
      String id = docker.ok("create", "--log-opt", c[0], "busybox", "echo", "hi").stdout();
      try {
        Docker.Result start = docker.run("start", id);
        assertThat(start.exitCode()).as(c[0]).isNotZero();
        assertThat(start.err()).contains("failed to initialize logging driver: ").contains(c[1]);
        JsonNode state = docker.inspect(id).path("State");
        assertThat(state.path("Error").asText()).startsWith("failed to initialize logging driver: ");
        assertThat(state.path("ExitCode").asInt()).isEqualTo(128);
      } finally {
        docker.ok("rm", "-f", id);
      }
    }
  }

  @Test
  void noneLogsNothingAndLogsSaysItCannotRead(Docker docker) {
    String id = docker.ok("run", "-d", "--log-driver", "none", "busybox", "echo", "gone").stdout();
    try {
      assertThat(docker.ok("wait", id).stdout()).isEqualTo("0");
      Docker.Result logs = docker.run("logs", id);
      assertThat(logs.exitCode()).isNotZero();
      assertThat(logs.err()).contains("Error response from daemon: configured logging driver does not support reading");
      JsonNode inspect = docker.inspect(id);
      assertThat(inspect.path("HostConfig").path("LogConfig").toString()).isEqualTo("{\"Type\":\"none\",\"Config\":{}}");
      assertThat(inspect.path("LogPath").asText()).isEmpty();
      // an attached run still shows the output
      assertThat(docker.ok("run", "--rm", "--log-driver", "none", "busybox", "echo", "seen").out()).isEqualTo("seen\n");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void localDriverIsReadableAndHidesItsPath(Docker docker) {
    String id = docker.ok("run", "-d", "--log-driver", "local", "busybox", "sh", "-c", "echo out; echo err >&2").stdout();
    try {
      assertThat(docker.ok("wait", id).stdout()).isEqualTo("0");
      Docker.Result logs = docker.ok("logs", id);
      assertThat(logs.out()).isEqualTo("out\n");
      assertThat(logs.err()).isEqualTo("err\n");
      JsonNode inspect = docker.inspect(id);
      assertThat(inspect.path("HostConfig").path("LogConfig").path("Type").asText()).isEqualTo("local");
      assertThat(inspect.path("LogPath").asText()).isEmpty();
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void detailsShowTheLabelsEnvAndTagAttributes(Docker docker) {
    String id = docker.ok("run", "-d", "--name", "details-c", "--label", "a=1", "--label", "b=x,y", "-e", "E1=v1",
        "-e", "E2=v 2", "--log-opt", "labels=a,b,zz", "--log-opt", "env=E1,E2", "--log-opt", "tag={{.Name}}/{{.ID}}",
        "busybox", "sh", "-c", "echo hello; echo err >&2").stdout();
    try {
      assertThat(docker.ok("wait", id).stdout()).isEqualTo("0");
      String attrs = "E1=v1,E2=v+2,a=1,b=x%2Cy,tag=details-c%2F" + id.substring(0, 12);
      Docker.Result details = docker.ok("logs", "--details", id);
      assertThat(details.out()).isEqualTo(attrs + " hello\n");
      assertThat(details.err()).isEqualTo(attrs + " err\n");
      assertThat(docker.ok("logs", id).out()).isEqualTo("hello\n");
      String plain = docker.ok("run", "-d", "busybox", "echo", "plain").stdout();
      docker.ok("wait", plain);
      assertThat(docker.ok("logs", "--details", plain).out()).isEqualTo(" plain\n");
      docker.ok("rm", plain);
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void rotationKeepsMaxFileFilesCompressedAndLogsReadsAcrossThem(Docker docker) throws IOException {
    String id = docker.ok("run", "-d", "--log-opt", "max-size=8k", "--log-opt", "max-file=3", "--log-opt", "compress=true",
        "busybox", "sh", "-c", counter(6000, 200)).stdout();
    try {
      assertThat(docker.ok("wait", id).stdout()).isEqualTo("0");
      JsonNode inspect = docker.inspect(id);
      Await.until(T, "the rotated files to be compressed",
          () -> uncheckedFiles(inspect).stream().filter(p -> p.toString().endsWith(".gz")).count() == 2);
      List<Path> files = logFiles(inspect);
      assertThat(files).hasSize(3);
      assertThat(files.get(1).toString()).endsWith("-json.log.1.gz");
      assertThat(files.get(2).toString()).endsWith("-json.log.2.gz");
      List<String> lines = docker.ok("logs", id).out().lines().toList();
      // older lines were dropped with the oldest files; what is left runs without a gap to the end
      assertThat(lines.getLast()).isEqualTo("line5999");
      int first = Integer.parseInt(lines.getFirst().substring(4));
      assertThat(first).isPositive();
      assertThat(lines).containsExactlyElementsOf(numbers(first, 6000));
      assertThat(docker.ok("logs", "--tail", "3", id).out()).isEqualTo("line5997\nline5998\nline5999\n");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  private static List<Path> uncheckedFiles(JsonNode inspect) {
    try {
      return logFiles(inspect);
    } catch (IOException e) {
      return List.of();
    }
  }

  @Test
  void followReadsOnAcrossRotationsWithoutLosingALine(Docker docker) {
    String id = docker.ok("run", "-d", "--log-opt", "max-size=4k", "--log-opt", "max-file=1000", "busybox", "sh", "-c",
        "sleep 1; " + counter(4000, 50)).stdout();
    try (DockerStream follow = docker.start("logs", "-f", id)) {
      assertThat(follow.awaitExit(T)).isZero();
      assertThat(follow.lines()).containsExactlyElementsOf(numbers(0, 4000));
      List<String> all = docker.ok("logs", id).out().lines().toList();
      assertThat(all).containsExactlyElementsOf(numbers(0, 4000));
      assertThat(uncheckedFiles(docker.inspect(id)).size()).isGreaterThan(5);
      List<String> stamped = docker.ok("logs", "-t", id).out().lines().toList();
      String since = stamped.get(2000).substring(0, stamped.get(2000).indexOf(' '));
      List<String> after = docker.ok("logs", "--since", since, id).out().lines().toList();
      assertThat(after.getFirst()).isIn("line2000", "line1999", "line1998", "line1997");
      assertThat(after.getLast()).isEqualTo("line3999");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void linesLongerThan16KiBComeBackWhole(Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sh", "-c",
        "head -c 40000 /dev/zero | tr '\\0' x; echo; echo short").stdout();
    try {
      assertThat(docker.ok("wait", id).stdout()).isEqualTo("0");
      List<String> lines = docker.ok("logs", id).out().lines().toList();
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0)).hasSize(40000).matches("x+");
      assertThat(lines.get(1)).isEqualTo("short");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void daemonJsonLogDriverAndOptsAreTheDefaults(Daemons daemons, @TempDir Path tmp) throws IOException {
    Path config = tmp.resolve("daemon.json");
    Files.writeString(config, "{\"log-driver\": \"json-file\", \"log-opts\": {\"max-size\": \"10m\", \"max-file\": \"2\"}}");
    BerthDaemon d = daemons.start("--config-file", config.toString()).ensureBusybox();
    Docker docker = d.docker();
    String id = docker.ok("create", "busybox").stdout();
    assertThat(docker.inspect(id).path("HostConfig").path("LogConfig").toString())
        .isEqualTo("{\"Type\":\"json-file\",\"Config\":{\"max-file\":\"2\",\"max-size\":\"10m\"}}");
    String own = docker.ok("create", "--log-opt", "max-size=1m", "busybox").stdout();
    assertThat(docker.inspect(own).path("HostConfig").path("LogConfig").path("Config").toString())
        .isEqualTo("{\"max-file\":\"2\",\"max-size\":\"1m\"}");
    String local = docker.ok("create", "--log-driver", "local", "busybox").stdout();
    assertThat(docker.inspect(local).path("HostConfig").path("LogConfig").toString())
        .isEqualTo("{\"Type\":\"local\",\"Config\":{}}");
    docker.ok("rm", id, own, local);

    Path none = tmp.resolve("none.json");
    Files.writeString(none, "{\"log-driver\": \"none\"}");
    BerthDaemon n = daemons.start("--config-file", none.toString()).ensureBusybox();
    String quiet = n.docker().ok("create", "busybox").stdout();
    assertThat(n.docker().inspect(quiet).path("HostConfig").path("LogConfig").path("Type").asText()).isEqualTo("none");
    n.docker().ok("rm", quiet);

    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{\"log-opts\": {\"x\": \"y\"}}");
    BerthDaemon.Exited refused = daemons.create().runExpectingRefusal(List.of("--config-file", bad.toString()));
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains("failed to start daemon: failed to set log opts: unknown log opt 'x' for json-file log driver");
  }
}
