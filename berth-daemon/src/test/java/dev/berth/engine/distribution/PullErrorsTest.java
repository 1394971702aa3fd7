package dev.berth.engine.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which failures make a pull go on to the next endpoint, as moby's continueOnError decides. */
class PullErrorsTest {
  private static RegistryError stated(int status, String code) {
    var body = "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + code.toLowerCase().replace('_', ' ') + "\"}]}";
    return RegistryError.from(status, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anErrorTheRegistryStatedGoesOnOnlyFromAMirror() {
    for (var e : new RegistryError[] {stated(404, "MANIFEST_UNKNOWN"), stated(404, "NAME_UNKNOWN"), stated(403, "DENIED"),
        stated(401, "UNAUTHORIZED"), RegistryError.from(401, new byte[0]),
        RegistryError.from(500, "{\"details\":\"broken\"}".getBytes(StandardCharsets.UTF_8))}) {
      assertThat(e.errcode()).as(e.getMessage()).isTrue();
      assertThat(PullErrors.continueOnError(e, true)).as(e.getMessage()).isTrue();
      assertThat(PullErrors.continueOnError(e, false)).as(e.getMessage()).isFalse();
    }
  }

  @Test
  void bareStatusesTransportAndVerificationFailuresGoOnFromEveryEndpoint() {
    for (var e : new Exception[] {RegistryError.from(404, new byte[0]), RegistryError.from(503, new byte[0]),
        RegistryError.from(403, "<html>".getBytes(StandardCharsets.UTF_8)), new SystemError("dial tcp: connection refused"),
        new IOException("unexpected EOF"), new SystemError("manifest verification failed for digest sha256:x"),
        new NotFound("no matching manifest for linux/amd64 in the manifest list entries")}) {
      assertThat(PullErrors.continueOnError(e, false)).as(e.getMessage()).isTrue();
      assertThat(PullErrors.continueOnError(e, true)).as(e.getMessage()).isTrue();
    }
  }

  @Test
  void aCancelledPullAndNoSuchProcessStop() {
    assertThat(PullErrors.continueOnError(new InterruptedIOException("interrupted"), true)).isFalse();
    assertThat(PullErrors.continueOnError(new SystemError("context canceled", new InterruptedIOException()), true)).isFalse();
    assertThat(PullErrors.continueOnError(new IOException("write: no such process"), true)).isFalse();
  }
}
