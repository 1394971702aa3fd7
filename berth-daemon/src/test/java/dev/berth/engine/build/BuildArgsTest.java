package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Build-arg scoping as moby's buildargs.go: meta args, per-stage ARGs, proxy args, unused warnings. */
class BuildArgsTest {
  private static BuildArgs args(String... kv) {
    var m = new HashMap<String, String>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return new BuildArgs(m);
  }

  @Test
  void optionsOverrideDefaultsAndOnlyDeclaredArgsAreUsable() {
    var a = args("V", "2", "OTHER", "x");
    a.add("V", "1");
    a.add("D", "d");
    assertThat(a.filterAllowed(List.of("PATH=/bin"))).containsExactlyInAnyOrder("V=2", "D=d");
    assertThat(a.unused()).containsExactly("OTHER");
  }

  @Test
  void envWinsOverAnArgOfTheSameName() {
    var a = args();
    a.add("A", "arg");
    assertThat(a.filterAllowed(List.of("A=env"))).isEmpty();
  }

  @Test
  void stageArgsEndAtFromAndMetaArgsGiveTheirValueToARedeclaration() {
    var a = args("BASE", "alpine");
    a.addMeta("BASE", "busybox");
    a.addMeta("TAG", "1");
    assertThat(a.metaValues()).containsEntry("BASE", "alpine").containsEntry("TAG", "1");
    a.add("X", "1");
    a.resetStage();
    assertThat(a.filterAllowed(List.of())).isEmpty();
    a.add("TAG", null);
    assertThat(a.filterAllowed(List.of())).containsExactly("TAG=1");
    assertThat(a.unused()).isEmpty();
  }

  @Test
  void proxyArgsAreUsableWithoutArgButStayOutOfTheCacheKey() {
    var a = args("http_proxy", "http://p:3128", "NO_PROXY", "x");
    assertThat(a.filterAllowed(List.of())).containsExactlyInAnyOrder("http_proxy=http://p:3128", "NO_PROXY=x");
    assertThat(a.inCacheKey("http_proxy")).isFalse();
    a.add("http_proxy", null);
    assertThat(a.inCacheKey("http_proxy")).isTrue();
    assertThat(a.unused()).isEmpty();
    assertThat(Map.of()).isEmpty();
  }
}
