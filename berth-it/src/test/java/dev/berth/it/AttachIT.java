package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** attach over the wire: the hijack as the CLI does it (attach before start), and the plain-HTTP form. */
@BerthTest
class AttachIT {
  private static final Duration T = Duration.ofSeconds(20);

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  /** Splits stdcopy frames into {stdout, stderr}, checking each 8-byte header. */
  static String[] demux(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    while (b.hasRemaining()) {
      assertThat(b.remaining()).as("room for a frame header").isGreaterThanOrEqualTo(8);
      int stream = b.get();
      assertThat(new byte[] {b.get(), b.get(), b.get()}).containsExactly(0, 0, 0);
      byte[] payload = new byte[b.getInt()];
      b.get(payload);
      assertThat(stream).isIn(1, 2);
      (stream == 1 ? out : err).writeBytes(payload);
    }
    return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void attachBeforeStartGetsA101AndAllOutputAsFrames(RawHttp http, Docker docker) {
    String id = docker.ok("create", "busybox", "sh", "-c", "echo out1; echo err1 >&2; echo out2; exit 3").stdout();
    try (HttpStream attach = http.open("POST", "/v1.44/containers/" + id + "/attach?stream=1&stdout=1&stderr=1",
        Map.of("Upgrade", "tcp", "Connection", "Upgrade", "Content-Type", "text/plain"), null, Duration.ofSeconds(5))) {
      assertThat(attach.status()).isEqualTo(101);
      assertThat(attach.header("Content-Type")).isEqualTo("application/vnd.docker.multiplexed-stream");
      assertThat(attach.header("Upgrade")).isEqualTo("tcp");
      try (HttpStream wait = http.open("POST", "/v1.44/containers/" + id + "/wait?condition=next-exit", Map.of(), null, Duration.ofSeconds(5))) {
        assertThat(http.post("/v1.44/containers/" + id + "/start").status()).isEqualTo(204);
        String[] streams = demux(attach.readToEof(T));
        assertThat(streams[0]).isEqualTo("out1\nout2\n");
        assertThat(streams[1]).isEqualTo("err1\n");
        assertThat(wait.readAll(T).json().path("StatusCode").asInt()).isEqualTo(3);
      }
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void attachWithoutUpgradeStreamsUntilTheContainerExits(RawHttp http, Docker docker) {
    String id = docker.ok("create", "busybox", "sh", "-c", "echo plain").stdout();
    try (HttpStream attach = http.open("POST", "/v1.44/containers/" + id + "/attach?stream=1&stdout=1&stderr=1",
        Map.of(), null, Duration.ofSeconds(5))) {
      assertThat(attach.status()).isEqualTo(200);
      assertThat(http.post("/v1.44/containers/" + id + "/start").status()).isEqualTo(204);
      assertThat(demux(attach.readToEof(T))[0]).isEqualTo("plain\n");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void attachToAnUnknownContainerIsAPlain404(RawHttp http) {
    HttpReply r = http.send("POST", "/v1.44/containers/nope/attach?stream=1&stdout=1",
        Map.of("Upgrade", "tcp", "Connection", "Upgrade"), null);
    assertThat(r.status()).isEqualTo(404);
    // dockerd answers an attach it cannot serve with a bare status block and the text (not JSON).
    assertThat(r.text()).contains("No such container: nope");
  }

  @Test
  void cliAttachFollowsARunningContainerAndGetsItsExitCode(Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sh", "-c",
        "i=0; while [ $i -lt 10 ]; do i=$((i+1)); echo n$i; sleep 0.2; done; exit 4").stdout();
    try (DockerStream attach = docker.start("attach", id)) {
      assertThat(attach.awaitExit(T)).isEqualTo(4);
      assertThat(attach.lines()).isNotEmpty().allMatch(l -> l.matches("n([1-9]|10)")).contains("n10");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  /** For the terminal tests: a container exit includes its clean-up, slow on a loaded machine. */
  private static final Duration TT = Duration.ofSeconds(60);

  // ----- the CLI in a real terminal (tmux): re-attach, --no-stdin, --sig-proxy, start -ai, several clients -----

  private static String name() {
    return "attach-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static boolean running(Docker docker, String name) {
    return docker.inspect(name).path("State").path("Running").asBoolean();
  }

  @Test
  void ctrlCOnANonTtyAttachIsForwardedAsSigint(BerthDaemon daemon, Docker docker) {
    String name = name();
    docker.ok("run", "-di", "--name", name, "busybox", "sh", "-c",
        "trap 'echo got-int; exit 5' INT; echo ready; while true; do sleep 0.1; done");
    try (Terminal attach = Terminal.docker(daemon, 100, 30, "attach", name)) {
      Await.until(TT, "the attach to be counted", () -> docker.ok("events", "--since", "0", "--until", "0s",
          "--filter", "container=" + name, "--filter", "event=attach", "--format", "{{.Action}}").out().contains("attach"));
      attach.keys("C-c");
      attach.awaitText(TT, "got-int");
      assertThat(attach.awaitExit(TT)).isEqualTo(5);
      assertThat(docker.inspect(name).path("State").path("ExitCode").asInt()).isEqualTo(5);
    } finally {
      docker.ok("rm", "-f", name);
    }
  }

  @Test
  void withoutSigProxyCtrlCNeverReachesTheContainer(BerthDaemon daemon, Docker docker) {
    String name = name();
    docker.ok("run", "-di", "--name", name, "busybox", "sh", "-c",
        "trap 'echo got-int; exit 5' INT; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.1; done");
    try (Terminal attach = Terminal.docker(daemon, 100, 30, "attach", "--sig-proxy=false", name)) {
      attach.awaitText(TT, "tick-");
      attach.keys("C-c");
      // the CLI keeps streaming (as with dockerd); 20 more ticks show time has passed without a signal
      int at = lastTick(docker.ok("logs", name).out());
      Await.until(TT, "20 more ticks", () -> lastTick(docker.ok("logs", name).out()) >= at + 20);
      assertThat(docker.ok("logs", name).out()).doesNotContain("got-int");
      assertThat(running(docker, name)).isTrue();
    } finally {
      docker.ok("rm", "-f", name);
    }
  }

  private static int lastTick(String log) {
    return log.lines().filter(l -> l.startsWith("tick-")).mapToInt(l -> Integer.parseInt(l.substring(5).strip())).max().orElse(0);
  }

  @Test
  void severalClientsSeeTheOutputAndNoStdinSendsNothing(BerthDaemon daemon, Docker docker) {
    String name = name();
    docker.ok("run", "-di", "--name", name, "busybox", "sh");
    try (Terminal watcher = Terminal.docker(daemon, 100, 30, "attach", "--no-stdin", name);
         Terminal typist = Terminal.docker(daemon, 100, 30, "attach", name)) {
      Await.until(TT, "both attaches counted", () -> docker.ok("events", "--since", "0", "--until", "0s",
          "--filter", "container=" + name, "--filter", "event=attach", "--format", "{{.Action}}").out().lines().count() >= 2);
      typist.line("echo both-$((3+4))");
      watcher.awaitText(TT, "both-7");
      typist.awaitText(TT, "both-7");
      watcher.line("echo nope-$((1+1))"); // --no-stdin: the terminal echoes it, the container never reads it
      typist.line("echo after-$((2+2))");
      watcher.awaitText(TT, "after-4");
      typist.awaitText(TT, "after-4");
      assertThat(watcher.screen()).doesNotContain("nope-2");
      assertThat(typist.screen()).doesNotContain("nope-2");
    } finally {
      docker.ok("rm", "-f", name);
    }
  }

  @Test
  void severalClientsOfATtyContainerShareItsScreen(BerthDaemon daemon, Docker docker) {
    String name = name();
    docker.ok("run", "-dit", "--name", name, "busybox", "sh");
    try (Terminal one = Terminal.docker(daemon, 100, 30, "attach", name);
         Terminal two = Terminal.docker(daemon, 100, 30, "attach", name)) {
      Await.until(TT, "both attaches counted", () -> docker.ok("events", "--since", "0", "--until", "0s",
          "--filter", "container=" + name, "--filter", "event=attach", "--format", "{{.Action}}").out().lines().count() >= 2);
      one.line("echo from-one-$((1+1))");
      one.awaitText(TT, "from-one-2");
      two.awaitText(TT, "from-one-2");
      two.line("echo from-two-$((2+2))");
      one.awaitText(TT, "from-two-4");
      two.awaitText(TT, "from-two-4");
      assertThat(one.detach(TT, "C-p", "C-q")).isEqualTo(1);
      two.line("echo still-$((3+3))");
      two.awaitText(TT, "still-6");
      assertThat(running(docker, name)).isTrue();
    } finally {
      docker.ok("rm", "-f", name);
    }
  }

  @Test
  void startAiRunsACreatedInteractiveContainerAgainAndAgain(BerthDaemon daemon, Docker docker) {
    String name = name();
    docker.ok("create", "-it", "--name", name, "busybox", "sh");
    try {
      try (Terminal first = Terminal.docker(daemon, 100, 30, "start", "-ai", name)) {
        first.awaitText(TT, "/ # ");
        first.line("echo s-$((2*2)); exit 7");
        first.awaitText(TT, "s-4");
        assertThat(first.awaitExit(TT)).isEqualTo(7);
      }
      try (Terminal again = Terminal.docker(daemon, 100, 30, "start", "-ai", "--detach-keys=ctrl-x,x", name)) {
        again.awaitText(TT, "/ # ");
        again.line("echo t-$((3*3))");
        again.awaitText(TT, "t-9");
        again.detach(TT, "C-x", "x");
        assertThat(running(docker, name)).isTrue();
      }
      try (Terminal back = Terminal.docker(daemon, 100, 30, "attach", name)) {
        back.keys("C-u"); // a detach key the CLI passed on as text may sit on the line
        back.line("exit 8");
        assertThat(back.awaitExit(TT)).isEqualTo(8);
      }
    } finally {
      docker.ok("rm", "-f", name);
    }
  }

  @Test
  void attachToAPausedContainerIs409(RawHttp http, Docker docker) {
    String name = name();
    docker.ok("run", "-d", "--name", name, "busybox", "sleep", "1000");
    try {
      docker.ok("pause", name);
      HttpReply r = http.post("/v1.44/containers/" + name + "/attach?stream=1&stdout=1");
      assertThat(r.status()).isEqualTo(409);
      assertThat(r.text()).contains("container " + name + " is paused, unpause the container before attach");
      docker.ok("unpause", name);
    } finally {
      docker.ok("rm", "-f", name);
    }
  }
}
