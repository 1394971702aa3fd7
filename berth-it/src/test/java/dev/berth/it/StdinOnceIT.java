package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A non-TTY StdinOnce container (what {@code docker run -i} makes): as with dockerd, only the end
 * of the stdin client's input closes the container's stdin; a client attached without stdin that
 * leaves does not.
 */
@BerthTest
class StdinOnceIT {
  private static final Duration T = Duration.ofSeconds(30);
  private static final Map<String, String> UPGRADE = Map.of("Upgrade", "tcp", "Connection", "Upgrade");

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  /** The stdout of a hijacked attach, read frame by frame as it comes. */
  private static final class Frames {
    private final HttpStream stream;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();

    Frames(HttpStream stream) {
      this.stream = stream;
    }

    /** Stdout of the complete frames so far. */
    String stdout() {
      var b = ByteBuffer.wrap(raw.toByteArray());
      var out = new StringBuilder();
      while (b.remaining() >= 8) {
        int kind = b.get(b.position());
        int size = b.getInt(b.position() + 4);
        if (b.remaining() < 8 + size) break;
        byte[] payload = new byte[size];
        b.position(b.position() + 8).get(payload);
        if (kind == 1) out.append(new String(payload, StandardCharsets.UTF_8));
      }
      return out.toString();
    }

    void awaitStdout(String text) {
      long deadline = System.nanoTime() + T.toNanos();
      while (!stdout().contains(text)) {
        if (System.nanoTime() > deadline) throw new AssertionError("no \"" + text + "\" in " + stdout());
        byte[] piece = stream.readSome(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        if (piece == null) throw new AssertionError("the stream ended without \"" + text + "\": " + stdout());
        raw.writeBytes(piece);
      }
    }
  }

  @Test
  void aClientWithoutStdinThatLeavesDoesNotCloseTheContainersStdin(RawHttp http, Docker docker) {
    var created = http.postJson("/v1.44/containers/create", "{\"Image\":\"busybox\",\"OpenStdin\":true,\"StdinOnce\":true,"
        + "\"AttachStdin\":true,\"AttachStdout\":true,\"Cmd\":[\"sh\",\"-c\",\"while read l; do echo got $l; done; echo eof\"]}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().path("Id").asText();
    try (HttpStream typist = http.open("POST", "/v1.44/containers/" + id + "/attach?stream=1&stdin=1&stdout=1", UPGRADE,
        null, T)) {
      assertThat(typist.status()).isEqualTo(101);
      var typed = new Frames(typist);
      assertThat(http.post("/v1.44/containers/" + id + "/start").status()).isEqualTo(204);
      typist.write("zero\n".getBytes(StandardCharsets.UTF_8));
      typed.awaitStdout("got zero\n");
      try (HttpStream watcher = http.open("POST", "/v1.44/containers/" + id + "/attach?stream=1&stdout=1", UPGRADE, null, T)) {
        assertThat(watcher.status()).isEqualTo(101);
        var watched = new Frames(watcher);
        typist.write("one\n".getBytes(StandardCharsets.UTF_8));
        watched.awaitStdout("got one\n"); // the watcher is connected to the container's output
        typed.awaitStdout("got one\n");
      }
      // the watcher left; the next outputs show the daemon it is gone (a write to it fails)
      for (var word : java.util.List.of("two", "three", "four", "five")) {
        typist.write((word + "\n").getBytes(StandardCharsets.UTF_8));
        typed.awaitStdout("got " + word + "\n");
      }
      assertThat(typed.stdout()).doesNotContain("eof");
      assertThat(docker.inspect(id).path("State").path("Running").asBoolean()).isTrue();
      typist.closeWrite(); // the stdin client's end of input closes the container's stdin
      typed.awaitStdout("eof\n");
      Await.until(T, "the container exited", () -> !docker.inspect(id).path("State").path("Running").asBoolean());
      assertThat(docker.inspect(id).path("State").path("ExitCode").asInt()).isZero();
    } finally {
      docker.ok("rm", "-f", id);
    }
  }
}
