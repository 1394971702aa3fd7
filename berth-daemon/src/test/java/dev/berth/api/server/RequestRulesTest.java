package dev.berth.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** dockerd's request parsing rules that do not need a connection. */
class RequestRulesTest {
  @Test
  void booleanRuleMatchesHttputilsBoolValue() {
    for (var f : new String[] {"", "0", "no", "false", "none", "FALSE", "False", " No ", "NONE"}) {
      assertThat(NettyRequest.truthy(f)).as(f).isFalse();
    }
    for (var t : new String[] {"1", "true", "True", "yes", "anything"}) {
      assertThat(NettyRequest.truthy(t)).as(t).isTrue();
    }
  }

  @Test
  void jsonContentTypeTexts() {
    NettyRequest.checkJsonContentType("application/json");
    NettyRequest.checkJsonContentType("application/json; charset=utf-8");
    assertThatThrownBy(() -> NettyRequest.checkJsonContentType("text/plain")).isInstanceOf(InvalidArgument.class)
        .hasMessage("unsupported Content-Type header (text/plain): must be 'application/json'");
    assertThatThrownBy(() -> NettyRequest.checkJsonContentType("")).isInstanceOf(InvalidArgument.class)
        .hasMessageStartingWith("malformed Content-Type header ()");
  }

  @Test
  void jsonBodyErrors() {
    assertThatThrownBy(() -> read("")).hasMessage("invalid JSON: got EOF while reading request body");
    assertThatThrownBy(() -> read("{\"a\":")).isInstanceOf(InvalidArgument.class).hasMessageStartingWith("invalid JSON: ");
    assertThatThrownBy(() -> read("{} {}")).hasMessage("unexpected content after JSON");
    assertThat(read("null")).isNull();
    assertThat(read("{\"a\":1}")).isEqualTo(Map.of("a", 1));
  }

  private static Map<?, ?> read(String body) {
    return NettyRequest.BodyJson.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), Map.class);
  }
}
