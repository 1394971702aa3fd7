package dev.berth.engine.distribution;

import dev.berth.content.Digest;
import dev.berth.content.Descriptor;
import dev.berth.content.MediaTypes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.image.Reference;
import dev.berth.engine.error.InvalidArgument;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
  private static final Reference REF = Reference.parse("localhost:5000/app:1");
  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);
  private static final String D3 = "sha256:" + "3".repeat(64);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String entry(String digest, String platform) {
    return "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":10,\"platform\":" + platform + "}";
  }

  @Test
  void readsAnOciManifest() {
    var m = (ImageManifest) ManifestParser.parse(bytes("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
        + "\",\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + D1 + "\",\"size\":5},"
        + "\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER_ZSTD + "\",\"digest\":\"" + D2 + "\",\"size\":7}]}"), null, REF);
    assertThat(m.config().digest()).isEqualTo(Digest.parse(D1));
    assertThat(m.layers()).extracting(Descriptor::mediaType).containsExactly(MediaTypes.OCI_LAYER_ZSTD);
  }

  @Test
  void takesTheTypeFromContentTypeWhenTheDocumentHasNone() {
    var index = ManifestParser.parse(bytes("{\"schemaVersion\":2,\"manifests\":[]}"), MediaTypes.DOCKER_MANIFEST_LIST + "; charset=utf-8", REF);
    assertThat(index).isInstanceOf(ImageIndex.class);
    assertThat(index.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
  }

  @Test
  void refusesSchemaOneWithDockerdsExplanation() {
    assertThatThrownBy(() -> ManifestParser.parse(bytes("{\"schemaVersion\":1,\"name\":\"app\",\"fsLayers\":[]}"), ManifestParser.SCHEMA1_SIGNED, REF))
        .isInstanceOf(InvalidArgument.class)
        .hasMessageContaining("schema 1 support has been removed")
        .hasMessageContaining("localhost:5000/app:1");
  }

  @Test
  void refusesGarbage() {
    assertThatThrownBy(() -> ManifestParser.parse(bytes("nope"), null, REF)).isInstanceOf(InvalidArgument.class);
    assertThatThrownBy(() -> ManifestParser.parse(bytes("{\"schemaVersion\":2,\"config\":{\"digest\":\"bad\"},\"layers\":[]}"), null, REF))
        .isInstanceOf(InvalidArgument.class);
  }

  @Test
  void choosesTheHostPlatformAndPrefersTheExactVariant() {
    var index = (ImageIndex) ManifestParser.parse(bytes("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
        + entry(D1, "{\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"v6\"}") + ","
        + entry(D2, "{\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"v7\"}") + ","
        + entry(D3, "{\"os\":\"linux\",\"architecture\":\"amd64\"}") + ","
        + entry("sha256:" + "4".repeat(64), "{\"os\":\"unknown\",\"architecture\":\"unknown\"}") + "]}"), null, REF);
    assertThat(index.choose(new Platform("linux", "amd64", ""))).map(d -> d.digest().toString()).hasValue(D3);
    assertThat(index.choose(new Platform("linux", "arm", "v7"))).map(d -> d.digest().toString()).hasValue(D2);
    assertThat(index.choose(new Platform("linux", "arm", "v6"))).map(d -> d.digest().toString()).hasValue(D1);
    assertThat(index.choose(new Platform("linux", "arm", "v5"))).isEmpty();
    assertThat(index.choose(new Platform("windows", "amd64", ""))).isEmpty();
    assertThat(index.choose(Platform.parse("linux/x86_64"))).map(d -> d.digest().toString()).hasValue(D3);
  }

  @Test
  void normalizesPlatformNames() {
    assertThat(Platform.parse("linux/aarch64/v8")).isEqualTo(new Platform("linux", "arm64", ""));
    assertThat(Platform.parse("linux/amd64").toString()).isEqualTo("linux/amd64");
    assertThatThrownBy(() -> Platform.parse("linux//")).isInstanceOf(InvalidArgument.class);
  }
}
