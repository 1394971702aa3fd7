package dev.berth.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.HostConfig.LogConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogDriversTest {
  final LogDrivers daemon = new LogDrivers(new LogConfig("json-file", Map.of("max-size", "10m", "max-file", "2")));

  @Test
  void anAbsentConfigTakesTheDaemonDefaults() {
    assertThat(daemon.resolve(null)).isEqualTo(new LogConfig("json-file", Map.of("max-size", "10m", "max-file", "2")));
    assertThat(daemon.resolve(new LogConfig("", null)).type()).isEqualTo("json-file");
    assertThat(LogDrivers.jsonFile().resolve(null)).isEqualTo(new LogConfig("json-file", Map.of()));
  }

  @Test
  void daemonOptionsFillInOnlyForTheSameDriver() {
    assertThat(daemon.resolve(new LogConfig("json-file", Map.of("max-size", "1m"))).config())
        .containsExactly(Map.entry("max-file", "2"), Map.entry("max-size", "1m"));
    assertThat(daemon.resolve(new LogConfig("local", Map.of())).config()).isEmpty();
  }

  @Test
  void unknownDriversAndKeysAreRefusedWithDockerdsText() {
    assertThatThrownBy(() -> daemon.resolve(new LogConfig("json-file", Map.of("x", "y")))).isInstanceOf(InvalidArgument.class)
        .hasMessage("unknown log opt 'x' for json-file log driver");
    assertThatThrownBy(() -> daemon.resolve(new LogConfig("local", Map.of("labels", "a"))))
        .hasMessage("unknown log opt 'labels' for log driver local");
    assertThatThrownBy(() -> daemon.resolve(new LogConfig("foo", Map.of())))
        .hasMessage("error looking up logging plugin foo: plugin \"foo\" not found");
    assertThatThrownBy(() -> daemon.resolve(new LogConfig("local", Map.of("mode", "xx"))))
        .hasMessage("logger: logging mode not supported: xx");
    assertThatThrownBy(() -> daemon.resolve(new LogConfig("local", Map.of("max-buffer-size", "1m"))))
        .hasMessage("logger: max-buffer-size option is only supported with 'mode=non-blocking'");
    assertThat(daemon.resolve(new LogConfig("local", Map.of("mode", "non-blocking", "max-buffer-size", "4m"))).type())
        .isEqualTo("local");
    assertThat(daemon.resolve(new LogConfig("none", Map.of("anything", "goes"))).type()).isEqualTo("none");
  }
}
