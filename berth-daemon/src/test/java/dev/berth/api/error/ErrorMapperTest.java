package dev.berth.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.Forbidden;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.NotImplemented;
import dev.berth.engine.error.NotModified;
import dev.berth.engine.error.SystemError;
import dev.berth.engine.error.Unauthorized;
import dev.berth.engine.error.Unavailable;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
  @Test
  void kindsMapToMobyStatuses() {
    assertThat(ErrorMapper.map(NotFound.container("x"))).isEqualTo(new ErrorMapper.ErrorReply(404, "No such container: x", false));
    assertThat(ErrorMapper.map(new InvalidArgument("bad")).status()).isEqualTo(400);
    assertThat(ErrorMapper.map(new Conflict("c")).status()).isEqualTo(409);
    assertThat(ErrorMapper.map(new Unauthorized("u")).status()).isEqualTo(401);
    assertThat(ErrorMapper.map(new Forbidden("f")).status()).isEqualTo(403);
    assertThat(ErrorMapper.map(new Unavailable("u")).status()).isEqualTo(503);
    assertThat(ErrorMapper.map(new NotImplemented("n")).status()).isEqualTo(501);
    assertThat(ErrorMapper.map(new SystemError("s"))).isEqualTo(new ErrorMapper.ErrorReply(500, "s", false));
  }

  @Test
  void notModifiedHasNoBody() {
    assertThat(ErrorMapper.map(new NotModified())).isEqualTo(new ErrorMapper.ErrorReply(304, null, false));
  }

  @Test
  void anythingElseIs500WithTheMessageOnly() {
    var reply = ErrorMapper.map(new IllegalStateException("disk on fire"));
    assertThat(reply).isEqualTo(new ErrorMapper.ErrorReply(500, "disk on fire", true));
    assertThat(ErrorMapper.map(new NullPointerException()).message()).isEqualTo("NullPointerException");
  }
}
