package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reference normalization matches distribution/reference as dockerd uses it. */
class ReferenceTest {
  @ParameterizedTest
  @CsvSource({
    "busybox, docker.io/library/busybox, busybox",
    "busybox:latest, docker.io/library/busybox:latest, busybox:latest",
    "busybox:1.36.1-musl, docker.io/library/busybox:1.36.1-musl, busybox:1.36.1-musl",
    "library/busybox, docker.io/library/busybox, busybox",
    "docker.io/busybox, docker.io/library/busybox, busybox",
    "index.docker.io/library/busybox:1, docker.io/library/busybox:1, busybox:1",
    "user/app, docker.io/user/app, user/app",
    "user/app/sub:v2, docker.io/user/app/sub:v2, user/app/sub:v2",
    "localhost/app, localhost/app, localhost/app",
    "localhost:5000/x, localhost:5000/x, localhost:5000/x",
    "localhost:5000/x:tag, localhost:5000/x:tag, localhost:5000/x:tag",
    "registry.example.com/a/b:c, registry.example.com/a/b:c, registry.example.com/a/b:c",
    "Registry.Example.com/a, Registry.Example.com/a, Registry.Example.com/a",
    "127.0.0.1:5000/a, 127.0.0.1:5000/a, 127.0.0.1:5000/a",
    "a__b.c-d---e, docker.io/library/a__b.c-d---e, a__b.c-d---e",
    "busybox:Tag_1.x, docker.io/library/busybox:Tag_1.x, busybox:Tag_1.x",
    "busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, docker.io/library/busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  })
  void normalizesAsDockerd(String input, String full, String familiar) {
    var r = Reference.parse(input);
    assertThat(r.toString()).isEqualTo(full);
    assertThat(r.familiar()).isEqualTo(familiar);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "Busybox | invalid reference format: repository name (library/Busybox) must be lowercase",
    "user/App:1 | invalid reference format: repository name (user/App) must be lowercase",
    "busybox: | invalid reference format",
    "-busybox | invalid reference format",
    "busybox:tag:tag | invalid reference format",
    "a/b/ | invalid reference format",
    "busybox@sha256:abc | invalid reference format",
    "busybox:" + "-x | invalid reference format",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | invalid repository name (0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef), cannot specify 64-byte hexadecimal strings",
    "'' | invalid reference format",
  })
  void rejectsWithDockerdsText(String input, String message) {
    assertThatThrownBy(() -> Reference.parse(input)).isInstanceOf(InvalidArgument.class).hasMessage(message);
  }

  @org.junit.jupiter.api.Test
  void tagNameOnlyAddsLatestButNotToDigests() {
    assertThat(Reference.parse("busybox").tagNameOnly().familiar()).isEqualTo("busybox:latest");
    assertThat(Reference.parse("localhost:5000/x").tagNameOnly().toString()).isEqualTo("localhost:5000/x:latest");
    var digested = Reference.parse("busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThat(digested.tagNameOnly()).isEqualTo(digested);
  }

  @org.junit.jupiter.api.Test
  void tooLongNamesAreRefused() {
    assertThatThrownBy(() -> Reference.parse("a/" + "b".repeat(260)))
        .isInstanceOf(InvalidArgument.class).hasMessage("repository name must not be more than 255 characters");
  }
}
