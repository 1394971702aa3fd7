package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.ContainerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** moby's image/cache compare: which config differences make a cache miss. */
class BuildCacheTest {
  private static ContainerConfig cfg(List<String> cmd, List<String> env, Map<String, String> labels, String workdir) {
    var r = RunConfig.of(null);
    r.env = new java.util.ArrayList<>(env);
    r.labels = labels;
    r.workingDir = workdir;
    return r.toContainerConfig("abc", "sha256:x", cmd, null, null, true);
  }

  @Test
  void sameCommandEnvAndLabelsMatchWhateverTheHostnameAndWorkdir() {
    var a = cfg(List.of("/bin/sh", "-c", "make"), List.of("A=1"), Map.of("l", "1"), "/a");
    var b = cfg(List.of("/bin/sh", "-c", "make"), List.of("A=1"), Map.of("l", "1"), "/b");
    assertThat(BuildCache.compare(a, b)).isTrue();
  }

  @Test
  void commandEnvOrLabelChangesMiss() {
    var base = cfg(List.of("/bin/sh", "-c", "make"), List.of("A=1"), Map.of("l", "1"), "/");
    assertThat(BuildCache.compare(base, cfg(List.of("/bin/sh", "-c", "make all"), List.of("A=1"), Map.of("l", "1"), "/"))).isFalse();
    assertThat(BuildCache.compare(base, cfg(List.of("/bin/sh", "-c", "make"), List.of("A=2"), Map.of("l", "1"), "/"))).isFalse();
    assertThat(BuildCache.compare(base, cfg(List.of("/bin/sh", "-c", "make"), List.of("A=1"), Map.of("l", "2"), "/"))).isFalse();
    assertThat(BuildCache.compare(base, null)).isFalse();
  }
}
