package dev.berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.SystemError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BindPropagationTest {
  @TempDir Path dir;

  BindPropagation over(String... lines) throws Exception {
    var file = dir.resolve("mountinfo");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return new BindPropagation(file);
  }

  @Test
  void sharedNeedsASharedMountAndSlaveASharedOrSlaveOne() throws Exception {
    var p = over("27 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
        "40 27 0:50 / /srv/shared rw,relatime shared:7 - tmpfs tmpfs rw",
        "41 27 0:51 / /srv/slave rw,relatime master:7 - tmpfs tmpfs rw");
    assertThat(p.sourceMount("/srv/shared/a/b").point()).isEqualTo("/srv/shared");
    assertThatCode(() -> p.check("/srv/shared/a", "rshared")).doesNotThrowAnyException();
    assertThatCode(() -> p.check("/srv/slave/a", "rslave")).doesNotThrowAnyException();
    assertThatCode(() -> p.check("/srv/shared", "slave")).doesNotThrowAnyException();
    assertThatCode(() -> p.check("/nowhere/x", "rprivate")).doesNotThrowAnyException();
    assertThatThrownBy(() -> p.check("/srv/slave/a", "rshared")).isInstanceOf(SystemError.class)
        .hasMessage("path /srv/slave/a is mounted on /srv/slave but it is not a shared mount");
    assertThatThrownBy(() -> p.check("/srv/sharedx", "rslave")).isInstanceOf(SystemError.class)
        .hasMessage("path /srv/sharedx is mounted on / but it is not a shared or slave mount");
  }
}
