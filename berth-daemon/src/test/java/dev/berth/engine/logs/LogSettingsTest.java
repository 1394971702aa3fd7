package dev.berth.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.HostConfig.LogConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogSettingsTest {
  static final LogInfo INFO = new LogInfo("f5dfc71fe26d0123456789", "web", "sha256:ef86764246c2d611", "busybox",
      Map.of("a", "1", "b", "x,y", "com.example.z", "z"), List.of("E1=v1", "E2=v 2", "PATH=/bin"));

  static LogSettings of(String type, Map<String, String> opts) {
    return LogSettings.of(new LogConfig(type, opts), INFO);
  }

  @Test
  void jsonFileDefaultsNeverRotate() {
    var s = of("json-file", Map.of());
    assertThat(s.rotates()).isFalse();
    assertThat(s.maxFiles()).isEqualTo(1);
    assertThat(s.attrs()).isEmpty();
  }

  @Test
  void jsonFileSizesAreDecimalUnits() {
    assertThat(of("json-file", Map.of("max-size", "10m")).maxSize()).isEqualTo(10_000_000);
    assertThat(of("json-file", Map.of("max-size", "1.5k")).maxSize()).isEqualTo(1500);
    assertThat(of("json-file", Map.of("max-size", "2KB", "max-file", "3", "compress", "true")))
        .isEqualTo(new LogSettings("json-file", 2000, 3, true, Map.of()));
  }

  @Test
  void jsonFileRefusesBadValuesWithDockerdsText() {
    assertThatThrownBy(() -> of("json-file", Map.of("max-size", "abc"))).isInstanceOf(InvalidArgument.class)
        .hasMessage("invalid size: 'abc'");
    assertThatThrownBy(() -> of("json-file", Map.of("max-size", "0"))).hasMessage("max-size must be a positive number");
    assertThatThrownBy(() -> of("json-file", Map.of("max-file", "0"))).hasMessage("max-file cannot be less than 1");
    assertThatThrownBy(() -> of("json-file", Map.of("max-file", "x")))
        .hasMessage("strconv.Atoi: parsing \"x\": invalid syntax");
    assertThatThrownBy(() -> of("json-file", Map.of("compress", "true")))
        .hasMessage("compress cannot be true when max-file is less than 2 or max-size is not set");
    assertThatThrownBy(() -> of("json-file", Map.of("compress", "maybe")))
        .hasMessage("strconv.ParseBool: parsing \"maybe\": invalid syntax");
    assertThatThrownBy(() -> of("json-file", Map.of("tag", "{{.Foo}}")))
        .hasMessage("template: log-tag:1:2: executing \"log-tag\" at <.Foo>: can't evaluate field Foo in type *logger.Info");
  }

  @Test
  void jsonFileAttributesComeFromLabelsEnvAndTag() {
    var s = of("json-file", Map.of("labels", "a,b,missing", "env", "E1,E2", "labels-regex", "^com\\.",
        "tag", "{{.Name}}/{{.ID}}/{{.ImageName}}/{{.ImageID}}"));
    assertThat(s.attrs()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "x,y", "com.example.z", "z",
        "E1", "v1", "E2", "v 2", "tag", "web/f5dfc71fe26d/busybox/ef86764246c2"));
    assertThat(of("json-file", Map.of("env-regex", "^E")).attrs()).containsOnlyKeys("E1", "E2");
  }

  @Test
  void localHasDockerdsDefaultsAndChecks() {
    assertThat(of("local", Map.of())).isEqualTo(new LogSettings("local", 20L * 1024 * 1024, 5, true, Map.of()));
    assertThatThrownBy(() -> of("local", Map.of("max-size", "x")))
        .hasMessage("invalid value for max-size: x: invalid size: 'x'");
    assertThatThrownBy(() -> of("local", Map.of("max-file", "1")))
        .hasMessage("compression cannot be enabled when max file count is 1");
    assertThat(of("local", Map.of("max-file", "1", "compress", "false")).compress()).isFalse();
  }

  @Test
  void noneCannotBeRead() {
    assertThat(of("none", Map.of()).readable()).isFalse();
    assertThat(of("json-file", Map.of()).readable()).isTrue();
  }
}
