package dev.berth.engine.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import org.junit.jupiter.api.Test;

class ImageRefTest {
  @Test
  void normalizesDockerHubNamesAsDockerdDoes() {
    var ref = ImageRef.parse("busybox");
    assertThat(ref.name()).isEqualTo("docker.io/library/busybox");
    assertThat(ref.reference()).isEqualTo("latest");
    assertThat(ref.familiarName()).isEqualTo("busybox");
    assertThat(ImageRef.parse("user/app:1").path()).isEqualTo("user/app");
    assertThat(ImageRef.parse("index.docker.io/library/x").familiarName()).isEqualTo("x");
  }

  @Test
  void keepsRegistryHostsWithPorts() {
    var ref = ImageRef.parse("127.0.0.1:5000/team/app:v2");
    assertThat(ref.domain()).isEqualTo("127.0.0.1:5000");
    assertThat(ref.path()).isEqualTo("team/app");
    assertThat(ref.tag()).isEqualTo("v2");
    assertThat(ref.familiar()).isEqualTo("127.0.0.1:5000/team/app:v2");
    assertThat(ImageRef.parse("localhost/app").domain()).isEqualTo("localhost");
  }

  @Test
  void readsDigests() {
    var digest = "sha256:" + "a".repeat(64);
    var ref = ImageRef.parse("localhost:5000/app@" + digest);
    assertThat(ref.digest()).isEqualTo(digest);
    assertThat(ref.reference()).isEqualTo(digest);
  }

  @Test
  void refusesBadReferencesWithDockerdsText() {
    assertThatThrownBy(() -> ImageRef.parse("Busybox")).isInstanceOf(InvalidArgument.class)
        .hasMessage("invalid reference format: repository name (library/Busybox) must be lowercase");
    for (var bad : new String[] {"", "a:b:c", "x@sha256:12", "-x", "a//b", "app:" + "t".repeat(200)}) {
      assertThatThrownBy(() -> ImageRef.parse(bad)).as(bad).isInstanceOf(InvalidArgument.class)
          .hasMessageStartingWith("invalid reference format");
    }
  }
}
