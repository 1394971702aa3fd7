package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import org.junit.jupiter.api.Test;

class ConfigMergeTest {
  static final String IMAGE = "{\"Cmd\":[\"nginx\",\"-g\",\"daemon off;\"],\"Entrypoint\":[\"/docker-entrypoint.sh\"],"
      + "\"Env\":[\"PATH=/usr/bin\",\"NGINX=1\"],\"WorkingDir\":\"/srv\",\"User\":\"nginx\",\"StopSignal\":\"SIGQUIT\","
      + "\"ExposedPorts\":{\"80/tcp\":{}},\"Labels\":{\"a\":\"image\",\"b\":\"image\"},\"Volumes\":{\"/data\":{}}}";

  @Test
  void emptyRequestTakesEverythingFromTheImage() {
    var m = ConfigMerge.merge(Fixture.config("{}"), Fixture.config(IMAGE), "nginx", "0123456789ab");
    assertThat(m.entrypoint()).containsExactly("/docker-entrypoint.sh");
    assertThat(m.cmd()).containsExactly("nginx", "-g", "daemon off;");
    assertThat(m.workingDir()).isEqualTo("/srv");
    assertThat(m.user()).isEqualTo("nginx");
    assertThat(m.stopSignal()).isEqualTo("SIGQUIT");
    assertThat(m.exposedPorts()).containsKey("80/tcp");
    assertThat(m.volumes()).containsKey("/data");
    assertThat(m.hostname()).isEqualTo("0123456789ab");
    assertThat(m.image()).isEqualTo("nginx");
  }

  @Test
  void givenEntrypointDropsTheImageCmd() {
    var m = ConfigMerge.merge(Fixture.config("{\"Entrypoint\":[\"sh\"]}"), Fixture.config(IMAGE), "nginx", "h");
    assertThat(m.entrypoint()).containsExactly("sh");
    assertThat(m.cmd()).isNull();
    var both = ConfigMerge.merge(Fixture.config("{\"Entrypoint\":[\"sh\"],\"Cmd\":[\"-c\",\"x\"]}"), Fixture.config(IMAGE), "nginx", "h");
    assertThat(both.cmd()).containsExactly("-c", "x");
  }

  @Test
  void givenCmdKeepsTheImageEntrypoint() {
    var m = ConfigMerge.merge(Fixture.config("{\"Cmd\":[\"echo\"]}"), Fixture.config(IMAGE), "nginx", "h");
    assertThat(m.entrypoint()).containsExactly("/docker-entrypoint.sh");
    assertThat(m.cmd()).containsExactly("echo");
  }

  @Test
  void emptyStringEntrypointMeansNone() {
    var m = ConfigMerge.merge(Fixture.config("{\"Entrypoint\":[\"\"],\"Cmd\":[\"ls\"]}"), Fixture.config(IMAGE), "nginx", "h");
    assertThat(m.entrypoint()).isNull();
    assertThat(m.cmd()).containsExactly("ls");
  }

  @Test
  void envAndLabelsMergeWithTheUserWinning() {
    var m = ConfigMerge.merge(Fixture.config("{\"Env\":[\"NGINX=2\",\"MINE=x\"],\"Labels\":{\"b\":\"user\"}}"),
        Fixture.config(IMAGE), "nginx", "h");
    assertThat(m.env()).containsExactly("NGINX=2", "MINE=x", "PATH=/usr/bin");
    assertThat(m.labels()).containsEntry("a", "image").containsEntry("b", "user");
  }

  @Test
  void noCommandAnywhereIs400() {
    assertThatThrownBy(() -> ConfigMerge.merge(Fixture.config("{}"), Fixture.config("{}"), "x", "h"))
        .isInstanceOf(InvalidArgument.class).hasMessage("no command specified");
  }

  @Test
  void daemonEnvironmentPutsPathAndHostnameFirstAndLetsTheContainerOverride() {
    assertThat(Lifecycle.daemonEnv("h1", true, java.util.List.of("PATH=/x", "A=1")))
        .containsExactly("PATH=/x", "HOSTNAME=h1", "TERM=xterm", "A=1");
  }
}
