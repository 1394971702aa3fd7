package dev.berth.it.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import dev.berth.it.HttpStream;
import dev.berth.it.RawHttp;
import dev.berth.it.Terminal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code docker exec -it} in a real terminal, exec detach, ExecIDs, and execs dying with their container. */
@BerthTest
class ExecTtyIT {
  private static final Duration T = TtyIT.T;

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  private static String sleeper(Docker docker) {
    return docker.ok("run", "-d", "--name", TtyIT.name(), "busybox", "sleep", "1000").stdout();
  }

  private static List<String> execIds(Docker docker, String container) {
    var ids = docker.inspect(container).path("ExecIDs");
    var out = new ArrayList<String>();
    ids.forEach(i -> out.add(i.asText()));
    return ids.isNull() ? null : out;
  }

  /** The id of the exec the container's last {@code exec_create} event names. */
  private static String lastExecId(Docker docker, String container, Instant t0) {
    return TtyIT.events(docker, container, t0).stream().filter(e -> e.path("Action").asText().startsWith("exec_create"))
        .reduce((a, b) -> b).orElseThrow().path("Actor").path("Attributes").path("execID").asText();
  }

  @Test
  void execItHasTheTerminalsSizeFollowsResizesAndReportsItsExit(BerthDaemon daemon, Docker docker, RawHttp http) {
    var id = sleeper(docker);
    var t0 = Instant.now().minusSeconds(1);
    try (var term = Terminal.docker(daemon, 70, 20, "exec", "-it", id, "sh")) {
      term.awaitText(T, "/ # ");
      term.line("tty; stty size | sed 's/^/size=/'");
      term.awaitText(T, "/dev/pts/");
      term.awaitText(T, "size=20 70");
      var execId = lastExecId(docker, id, t0);
      assertThat(execIds(docker, id)).containsExactly(execId);
      term.resize(60, 15); // the CLI sends POST /exec/{id}/resize
      Await.until(T, "stty size 15 60", () -> {
        term.line("stty size | sed 's/^/size=/'");
        return term.awaitScreen(T, "a size line", s -> s.contains("size=")).contains("size=15 60");
      });
      var running = http.get("/v1.44/exec/" + execId + "/json").json();
      assertThat(running.path("Running").asBoolean()).isTrue();
      assertThat(running.path("Pid").asInt()).isPositive();
      assertThat(running.path("ProcessConfig").path("tty").asBoolean()).isTrue();
      term.line("exit 6");
      assertThat(term.awaitExit(T)).isEqualTo(6);
      JsonNode done = http.get("/v1.44/exec/" + execId + "/json").json();
      assertThat(done.path("Running").asBoolean()).isFalse();
      assertThat(done.path("ExitCode").asInt()).isEqualTo(6);
      assertThat(done.path("Pid").asInt()).isEqualTo(running.path("Pid").asInt());
      // dockerd shows null, not [], when no exec is left
      assertThat(docker.inspect(id).path("ExecIDs").isNull()).isTrue();
      // moby's action is "exec_start: " + entrypoint + " " + args: a trailing space without args
      assertThat(TtyIT.actions(docker, id, t0)).contains("exec_start: sh ", "exec_die");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void detachingFromAnExecLeavesItRunning(BerthDaemon daemon, Docker docker, RawHttp http) {
    var id = sleeper(docker);
    var t0 = Instant.now().minusSeconds(1);
    try (var term = Terminal.docker(daemon, 100, 30, "exec", "-it", "--detach-keys=ctrl-x,x", id, "sh")) {
      term.awaitText(T, "/ # ");
      term.line("echo in-exec-$((2+2))");
      term.awaitText(T, "in-exec-4");
      var execId = lastExecId(docker, id, t0);
      term.detach(T, "C-x", "x");
      var info = http.get("/v1.44/exec/" + execId + "/json").json();
      assertThat(info.path("Running").asBoolean()).isTrue();
      assertThat(info.path("DetachKeys").asText()).isEqualTo("GHg="); // base64 of ctrl-x, 'x', as dockerd shows []byte
      assertThat(execIds(docker, id)).containsExactly(execId);
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void theDaemonDetachesATtyExecOnTheKeysAndEmitsExecDetach(Docker docker, RawHttp http) {
    var id = sleeper(docker);
    var t0 = Instant.now().minusSeconds(1);
    try {
      var created = http.postJson("/v1.44/containers/" + id + "/exec",
          "{\"Cmd\":[\"sh\"],\"Tty\":true,\"AttachStdin\":true,\"AttachStdout\":true,\"AttachStderr\":true,\"DetachKeys\":\"ctrl-a\"}");
      assertThat(created.status()).isEqualTo(201);
      var execId = created.json().path("Id").asText();
      try (HttpStream start = http.open("POST", "/v1.44/exec/" + execId + "/start",
          Map.of("Upgrade", "tcp", "Connection", "Upgrade", "Content-Type", "application/json"),
          "{\"Detach\":false,\"Tty\":true}".getBytes(StandardCharsets.US_ASCII), T)) {
        assertThat(start.status()).isEqualTo(101);
        Await.until(T, "the exec to run", () -> http.get("/v1.44/exec/" + execId + "/json").json().path("Running").asBoolean());
        start.write(new byte[] {1});
        start.readToEof(T);
      }
      Await.until(T, "an exec_detach event", () -> TtyIT.actions(docker, id, t0).contains("exec_detach"));
      assertThat(http.get("/v1.44/exec/" + execId + "/json").json().path("Running").asBoolean()).isTrue();
      var bad = http.postJson("/v1.44/containers/" + id + "/exec", "{\"Cmd\":[\"sh\"],\"DetachKeys\":\"foo\"}");
      assertThat(bad.status()).isEqualTo(500); // moby returns a plain error here
      assertThat(bad.message()).isEqualTo("Invalid escape keys (foo) provided");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void execProcessesDieWithTheirContainer(BerthDaemon daemon, Docker docker, RawHttp http) throws IOException {
    var id = sleeper(docker);
    var t0 = Instant.now().minusSeconds(1);
    try {
      int marker = 4000 + (int) (Math.random() * 5000);
      docker.ok("exec", "-d", id, "sleep", Integer.toString(marker));
      var execId = lastExecId(docker, id, t0);
      Await.until(T, "the exec to run", () -> http.get("/v1.44/exec/" + execId + "/json").json().path("Running").asBoolean());
      assertThat(execIds(docker, id)).containsExactly(execId);
      assertThat(hostProcesses("sleep " + marker)).hasSize(1);
      assertThat(hostProcesses(execId)).as("the exec's conmon").isNotEmpty();
      docker.ok("stop", "-t", "1", id);
      Await.until(T, "the exec's process and monitor to be gone",
          () -> hostProcesses("sleep " + marker).isEmpty() && hostProcesses(execId).isEmpty());
      assertThat(docker.inspect(id).path("ExecIDs").isNull()).isTrue();
      Await.until(T, "the exec to be forgotten", () -> http.get("/v1.44/exec/" + execId + "/json").status() == 404);
      assertThat(http.get("/v1.44/exec/" + execId + "/json").message()).isEqualTo("No such exec instance: " + execId);
      Await.until(T, "the exec session dir to go", () -> !Files.exists(daemon.execRoot().resolve("execs").resolve(execId.substring(0, 16))));
      assertThat(containerCgroups(id)).isEmpty();
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  /** Host processes whose command line contains {@code text}, as "pid cmdline". */
  private static List<String> hostProcesses(String text) {
    var out = new ArrayList<String>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (var p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          var cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').strip();
          if (cmd.contains(text) && !cmd.contains("berth-it")) out.add(p.getFileName() + " " + cmd);
        } catch (IOException gone) {
          // exited meanwhile
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  /** cgroup dirs {@code …/berth/<id>} of the container, in every v1 hierarchy and the v2 tree. */
  private static List<Path> containerCgroups(String id) throws IOException {
    var root = Path.of("/sys/fs/cgroup");
    var hierarchies = new ArrayList<Path>();
    try (var list = Files.list(root)) {
      list.forEach(hierarchies::add);
    }
    hierarchies.add(root);
    return hierarchies.stream().map(h -> h.resolve("berth").resolve(id))
        .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
  }
}
