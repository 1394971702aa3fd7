package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
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
}
