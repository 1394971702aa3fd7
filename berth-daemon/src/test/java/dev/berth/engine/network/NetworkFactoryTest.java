package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import org.junit.jupiter.api.Test;

class NetworkFactoryTest {
  @Test
  void mtuOptionIsParsedWithDockerdsTexts() {
    assertThat(NetworkFactory.parseMtu(null)).isZero();
    assertThat(NetworkFactory.parseMtu("")).isZero();
    assertThat(NetworkFactory.parseMtu("1400")).isEqualTo(1400);
    assertThatThrownBy(() -> NetworkFactory.parseMtu("abc")).isInstanceOf(InvalidArgument.class)
        .hasMessage("failed to parse com.docker.network.driver.mtu value: abc (strconv.Atoi: parsing \"abc\": invalid syntax)");
    assertThatThrownBy(() -> NetworkFactory.parseMtu("-5")).isInstanceOf(InvalidArgument.class)
        .hasMessage("invalid MTU number: -5");
    assertThatThrownBy(() -> NetworkFactory.parseMtu("40")).isInstanceOf(InvalidArgument.class)
        .hasMessage("invalid MTU 40: must be at least 68");
  }
}
