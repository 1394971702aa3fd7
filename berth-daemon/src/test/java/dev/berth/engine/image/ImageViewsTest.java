package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageViewsTest {
  private static ImageViews.Summary summary(List<String> tags, List<String> digests) {
    return new ImageViews.Summary(-1, 1, "sha256:x", null, "", digests, tags, -1, 10, null);
  }

  @Test
  void olderApisShowNonePlaceholdersOnlyForImagesWithoutAnyReference() {
    var untagged = summary(List.of(), List.of()).forOlderApi(true, true);
    assertThat(untagged.repoTags()).containsExactly("<none>:<none>");
    assertThat(untagged.repoDigests()).containsExactly("<none>@<none>");
    assertThat(untagged.virtualSize()).isEqualTo(10);
    var tagged = summary(List.of("busybox:latest"), List.of()).forOlderApi(true, false);
    assertThat(tagged.repoDigests()).isEmpty();
    assertThat(tagged.virtualSize()).isNull();
  }
}
