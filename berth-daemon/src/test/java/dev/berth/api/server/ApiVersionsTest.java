package dev.berth.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import org.junit.jupiter.api.Test;

class ApiVersionsTest {
  private final ApiVersions v = ApiVersions.DEFAULT;

  @Test
  void acceptsTheServedRange() {
    for (var ok : new String[] {"1.24", "1.40", "1.44", "1.044"}) {
      assertThatCode(() -> v.check(ok)).doesNotThrowAnyException();
    }
  }

  @Test
  void refusesOutsideWithMobyTexts() {
    assertThatThrownBy(() -> v.check("1.23")).isInstanceOf(InvalidArgument.class)
        .hasMessage("client version 1.23 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version");
    assertThatThrownBy(() -> v.check("1.50")).isInstanceOf(InvalidArgument.class)
        .hasMessage("client version 1.50 is too new. Maximum supported API version is 1.44");
    assertThatThrownBy(() -> v.check("2")).isInstanceOf(InvalidArgument.class);
  }

  @Test
  void comparesNumericallyNotAsText() {
    assertThat(ApiVersions.compare("1.9", "1.10")).isNegative();
    assertThat(ApiVersions.compare("1.44", "1.44.0")).isZero();
    assertThat(ApiVersions.compare("2.0", "1.99")).isPositive();
  }
}
