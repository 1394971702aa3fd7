package dev.berth.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PathStatTest {
  @Test
  void unixModesBecomeGoFileModesAsDockerdSendsThem() {
    assertThat(PathStat.goMode(0040755)).isEqualTo(2147484141L); // what dockerd sent for a folder
    assertThat(PathStat.goMode(0120777)).isEqualTo(134218239L); // and for a symlink
    assertThat(PathStat.goMode(0100644)).isEqualTo(420L);
    assertThat(PathStat.goMode(0104755)).isEqualTo(0755L | (1L << 23));
    assertThat(PathStat.goMode(0041777)).isEqualTo(01777L - 01000L | (1L << 31) | (1L << 20));
    assertThat(PathStat.goMode(0020666)).isEqualTo(0666L | (1L << 26) | (1L << 21));
  }

  @Test
  void timesAreRfc3339WithoutTrailingZeros() {
    assertThat(PathStat.goTime(FileTime.from(Instant.parse("2026-11-27T22:40:17.972183600Z"))))
        .isEqualTo("2026-11-27T22:40:17.9721836Z");
    assertThat(PathStat.goTime(FileTime.from(Instant.parse("2024-01-01T00:00:00Z")))).isEqualTo("2024-01-01T00:00:00Z");
  }

  @Test
  void onlyTheFiveDockerFieldsAreSerialized() throws Exception {
    var json = dev.berth.model.Json.mapper().writeValueAsString(new PathStat("d", 1, PathStat.goMode(0040755), "t", ""));
    assertThat(json).isEqualTo("{\"name\":\"d\",\"size\":1,\"mode\":2147484141,\"mtime\":\"t\",\"linkTarget\":\"\"}");
  }
}
