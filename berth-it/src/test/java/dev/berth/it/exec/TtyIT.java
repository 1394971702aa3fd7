package dev.berth.it.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import dev.berth.it.DockerStream;
import dev.berth.it.HttpStream;
import dev.berth.it.RawHttp;
import dev.berth.it.Terminal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code docker run -it} in a real terminal (tmux): the pty, Ctrl-C, window size, detach keys, logs. */
@BerthTest
class TtyIT {
  /** Generous: a container exit includes its network and mount clean-up, slow on a loaded machine. */
  static final Duration T = Duration.ofSeconds(60);

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  static String name() {
    return "tty-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The events of one container since {@code t0}, as JSON. */
  static List<JsonNode> events(Docker docker, String container, Instant t0) {
    return docker.jsonLines("events", "--since", Long.toString(t0.getEpochSecond()), "--until",
        Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=" + container, "--format", "{{json .}}");
  }

  static List<String> actions(Docker docker, String container, Instant t0) {
    return events(docker, container, t0).stream().map(e -> e.path("Action").asText()).toList();
  }

  static boolean running(Docker docker, String container) {
    return docker.inspect(container).path("State").path("Running").asBoolean();
  }

  @Test
  void typedCommandsEchoAndRunAndExitCodeIsTheClis(BerthDaemon daemon, Docker docker) {
    var name = name();
    try (var term = Terminal.docker(daemon, 100, 30, "run", "-it", "--name", name, "busybox", "sh")) {
      term.awaitText(T, "/ # ");
      term.line("echo hel''lo-$((6*7))");
      // the pty echoes what was typed, then the shell's output follows
      term.awaitText(T, "echo hel''lo-$((6*7))");
      term.awaitText(T, "hello-42");
      assertThat(docker.ok("exec", name, "sh", "-c", "readlink /proc/1/fd/0").stdout()).startsWith("/dev/pts/");
      term.line("exit 3");
      assertThat(term.awaitExit(T)).isEqualTo(3);
      assertThat(docker.inspect(name).path("State").path("ExitCode").asInt()).isEqualTo(3);
    } finally {
      docker.run("rm", "-f", name);
    }
  }

  @Test
  void ctrlCInterruptsTheForegroundProcessAndTheShellLivesOn(BerthDaemon daemon, Docker docker) {
    var name = name();
    try (var term = Terminal.docker(daemon, 100, 30, "run", "-it", "--name", name, "busybox", "sh")) {
      term.awaitText(T, "/ # ");
      term.line("sleep 567");
      Await.until(T, "sleep 567 in the container", () -> docker.ok("top", name).out().contains("sleep 567"));
      var interrupted = Instant.now();
      term.keys("C-c");
      term.line("echo back-$((1+1))");
      term.awaitText(T, "back-2");
      assertThat(Duration.between(interrupted, Instant.now())).isLessThan(T);
      assertThat(docker.ok("top", name).out()).doesNotContain("sleep 567");
      assertThat(running(docker, name)).isTrue();
      term.line("exit 0");
      assertThat(term.awaitExit(T)).isZero();
    } finally {
      docker.run("rm", "-f", name);
    }
  }

  @Test
  void windowSizeFollowsTheTerminal(BerthDaemon daemon, Docker docker) {
    var name = name();
    var t0 = Instant.now().minusSeconds(1);
    try (var term = Terminal.docker(daemon, 100, 30, "run", "-it", "--name", name, "busybox", "sh")) {
      term.awaitText(T, "/ # ");
      term.line("stty size | sed 's/^/size=/'");
      term.awaitText(T, "size=30 100");
      term.resize(80, 20);
      // the CLI sends POST /containers/{id}/resize on SIGWINCH; the shell may see it a moment later
      Await.until(T, "stty size 20 80", () -> {
        term.line("stty size | sed 's/^/size=/'");
        return term.awaitScreen(T, "a size line", s -> s.contains("size=")).contains("size=20 80");
      });
      var resizes = events(docker, name, t0).stream().filter(e -> e.path("Action").asText().equals("resize")).toList();
      assertThat(resizes).anySatisfy(e -> {
        assertThat(e.path("Actor").path("Attributes").path("height").asText()).isEqualTo("20");
        assertThat(e.path("Actor").path("Attributes").path("width").asText()).isEqualTo("80");
        assertThat(e.path("Actor").path("Attributes").path("name").asText()).isEqualTo(name);
      });
    } finally {
      docker.run("rm", "-f", name);
    }
  }

  @Test
  void ctrlPCtrlQDetachesAndAttachReattachesWithInputWorking(BerthDaemon daemon, Docker docker) {
    var name = name();
    try {
      try (var run = Terminal.docker(daemon, 100, 30, "run", "-it", "--name", name, "busybox", "sh")) {
        run.awaitText(T, "/ # ");
        run.line("echo one-$((0+1))");
        run.awaitText(T, "one-1");
        assertThat(run.detach(T, "C-p", "C-q")).isZero();
      }
      assertThat(running(docker, name)).isTrue();
      try (var attach = Terminal.docker(daemon, 90, 25, "attach", name)) {
        attach.line("echo two-$((1+1))");
        attach.awaitText(T, "two-2");
        // the CLI's attach reports the detach as an error (exit 1), as with dockerd
        assertThat(attach.detach(T, "C-p", "C-q")).isEqualTo(1);
        assertThat(attach.screen()).contains("read escape sequence");
      }
      assertThat(running(docker, name)).isTrue();
      assertThat(docker.ok("logs", name).out()).contains("one-1").contains("two-2");
    } finally {
      docker.run("rm", "-f", name);
    }
  }

  @Test
  void customDetachKeysOnRunAndAPartialMatchStillReachesTheShell(BerthDaemon daemon, Docker docker) {
    var name = name();
    try (var term = Terminal.docker(daemon, 100, 30, "run", "-it", "--detach-keys=x,y", "--name", name, "busybox", "sh")) {
      term.awaitText(T, "/ # ");
      // 'x' starts the sequence; the key after it breaks it, so both reach the shell
      term.type("echo a").type("x").type("1").type("x").line("$((2+3))");
      term.awaitText(T, "ax1x5");
      term.keys("C-p", "C-q"); // no longer the detach keys: the shell gets them
      assertThat(term.detach(T, "x", "y")).isZero();
      assertThat(running(docker, name)).isTrue();
    } finally {
      docker.run("rm", "-f", name);
    }
  }

  @Test
  void detachKeysFromTheClisConfigFile(BerthDaemon daemon, Docker docker) throws IOException {
    var name = name();
    var config = daemon.dir().resolve("cli-config-" + name);
    Files.createDirectories(config);
    Files.writeString(config.resolve("config.json"), "{\"detachKeys\":\"ctrl-x,ctrl-y\"}");
    docker.ok("run", "-dit", "--name", name, "busybox", "sh");
    try (var attach = Terminal.docker(daemon, config, 100, 30, "attach", name)) {
      attach.line("echo cfg-$((4+4))");
      attach.awaitText(T, "cfg-8");
      assertThat(attach.detach(T, "C-x", "C-y")).isEqualTo(1);
      assertThat(running(docker, name)).isTrue();
    } finally {
      docker.run("rm", "-f", name);
    }
  }

  @Test
  void invalidDetachKeysGetDockerdsErrors(BerthDaemon daemon, Docker docker, RawHttp http) {
    var name = name();
    docker.ok("run", "-dit", "--name", name, "busybox", "sh");
    try {
      var raw = http.post("/v1.44/containers/" + name + "/attach?stream=1&stdin=1&detachKeys=foo");
      assertThat(raw.status()).isEqualTo(400);
      assertThat(raw.text()).contains("Invalid detach keys (foo) provided");
      try (var attach = Terminal.docker(daemon, 100, 30, "attach", "--detach-keys=foo", name)) {
        assertThat(attach.awaitExit(T)).isEqualTo(1);
        assertThat(attach.screen()).contains("unable to upgrade to tcp, received 400");
      }
      try (var exec = Terminal.docker(daemon, 100, 30, "exec", "-it", "--detach-keys=foo", name, "sh")) {
        assertThat(exec.awaitExit(T)).isEqualTo(1);
        assertThat(exec.screen()).contains("Error response from daemon: Invalid escape keys (foo) provided");
      }
      assertThat(running(docker, name)).isTrue();
    } finally {
      docker.run("rm", "-f", name);
    }
  }

  @Test
  void daemonJsonDetachKeysIsRefusedAsDockerdRefusesIt(Daemons daemons) throws IOException {
    var d = daemons.create();
    var conf = d.dir().resolve("daemon.json");
    Files.createDirectories(d.dir());
    Files.writeString(conf, "{\"detachKeys\":\"ctrl-a\"}");
    var refused = d.runExpectingRefusal(List.of("--config-file", conf.toString()));
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output())
        .contains("the following directives don't match any configuration option: detachKeys");
  }

  /** The daemon's own escape detection, as raw API clients (docker-py, …) meet it. */
  @Test
  void theDaemonDetachesATtyAttachOnTheKeysAndEmitsDetach(Docker docker, RawHttp http) {
    var name = name();
    var t0 = Instant.now().minusSeconds(1);
    docker.ok("run", "-dit", "--name", name, "busybox", "sh");
    // one key: a sequence split over several writes may reach the daemon in one read, which (as in dockerd) is text
    try (HttpStream attach = http.open("POST", "/v1.44/containers/" + name + "/attach?stream=1&stdin=1&stdout=1&stderr=1&detachKeys=ctrl-a",
        Map.of("Upgrade", "tcp", "Connection", "Upgrade"), null, T)) {
      assertThat(attach.status()).isEqualTo(101);
      attach.write("echo raw-$((5+5))\r".getBytes(StandardCharsets.US_ASCII));
      Await.until(T, "the shell's answer", () -> docker.ok("logs", name).out().contains("raw-10"));
      attach.write(new byte[] {1});
      var seen = new String(attach.readToEof(T), StandardCharsets.ISO_8859_1);
      assertThat(seen).contains("raw-10");
      assertThat(running(docker, name)).isTrue();
      Await.until(T, "a detach event", () -> actions(docker, name, t0).contains("detach"));
      assertThat(actions(docker, name, t0)).contains("attach");
    } finally {
      docker.run("rm", "-f", name);
    }
  }

  @Test
  void logsOfATtyContainerAndFollowingThem(BerthDaemon daemon, Docker docker) {
    var name = name();
    try (var term = Terminal.docker(daemon, 100, 30, "run", "-it", "--name", name, "busybox", "sh")) {
      term.awaitText(T, "/ # ");
      term.line("echo first-$((1*1))");
      term.awaitText(T, "first-1");
      assertThat(docker.ok("logs", name).out()).contains("first-1\r\n");
      try (DockerStream follow = docker.start("logs", "-f", name)) {
        follow.awaitLine(T, "first-1", l -> l.contains("first-1"));
        term.line("echo second-$((1+1))");
        follow.awaitLine(T, "second-2", l -> l.contains("second-2"));
        term.line("exit 0");
        assertThat(term.awaitExit(T)).isZero();
        assertThat(follow.awaitExit(T)).isZero();
      }
    } finally {
      docker.run("rm", "-f", name);
    }
  }
}
