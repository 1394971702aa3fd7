package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthFileTest {
  @TempDir Path dir;

  @Test
  void healthSurvivesARoundTrip() {
    var h = Health.starting().after(1, "2026-11-27T10:00:00Z", "2026-11-27T10:00:01Z", "no", 1, false)
        .after(0, "2026-11-27T10:00:02Z", "2026-11-27T10:00:03Z", "ok\n", 1, false);
    HealthFile.save(dir, h);
    assertThat(HealthFile.load(dir)).isEqualTo(h);
    assertThat(HealthFile.load(dir).view().get("Status")).isEqualTo("healthy");
  }

  @Test
  void missingOrBrokenFilesReadAsNone() throws Exception {
    assertThat(HealthFile.load(dir)).isNull();
    Files.writeString(dir.resolve(HealthFile.NAME), "{broken");
    assertThat(HealthFile.load(dir)).isNull();
  }
}
