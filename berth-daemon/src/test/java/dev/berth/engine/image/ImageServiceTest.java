package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.content.ContentStore;
import dev.berth.content.Digest;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.fixture.BusyboxFixture;
import dev.berth.model.Filters;
import dev.berth.snapshot.LayerStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageServiceTest {
  @TempDir Path root;
  ImageService images;
  LayerStore layers;

  @BeforeEach
  void setUp() {
    images = open(root);
  }

  private ImageService open(Path dataRoot) {
    layers = new LayerStore(dataRoot.resolve("overlay"));
    return new ImageService(dataRoot, new ContentStore(dataRoot.resolve("content")), layers,
        Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
  }

  private List<String> load(byte[] archive) {
    var lines = new ArrayList<String>();
    images.load(new ByteArrayInputStream(archive), lines::add);
    return lines;
  }

  static byte[] fixture(String tag) throws Exception {
    var out = new ByteArrayOutputStream();
    BusyboxFixture.writeTo(out, tag);
    return out.toByteArray();
  }

  @Test
  void loadsTheFixtureAndResolvesItByEveryName() throws Exception {
    assertThat(load(fixture("busybox:latest"))).containsExactly("Loaded image: busybox:latest\n");
    var image = images.resolve("busybox");
    assertThat(image.config().cmd()).containsExactly("sh");
    assertThat(image.repoTags()).containsExactly("busybox:latest");
    assertThat(image.layers()).hasSize(1);
    assertThat(layers.diffDir(image.layers().getFirst()).resolve("bin/busybox")).isRegularFile();
    assertThat(Files.readSymbolicLink(layers.diffDir(image.layers().getFirst()).resolve("bin/sh")).toString()).isEqualTo("busybox");
    var hex = image.id().substring(7);
    for (var name : List.of("busybox:latest", "docker.io/library/busybox", image.id(), hex, hex.substring(0, 12), "sha256:" + hex.substring(0, 5))) {
      assertThat(images.resolve(name).id()).as(name).isEqualTo(image.id());
    }
  }

  @Test
  void missingImagesAndBadNamesFailAsDockerd() {
    assertThatThrownBy(() -> images.resolve("busybox")).isInstanceOf(NotFound.class).hasMessage("No such image: busybox:latest");
    assertThatThrownBy(() -> images.resolve("localhost:5000/x:1")).isInstanceOf(NotFound.class).hasMessage("No such image: localhost:5000/x:1");
    assertThatThrownBy(() -> images.resolve("Busybox")).isInstanceOf(InvalidArgument.class)
        .hasMessage("invalid reference format: repository name (library/Busybox) must be lowercase");
  }

  @Test
  void inspectListAndHistoryHaveDockerdsShapes() throws Exception {
    load(fixture("busybox:latest"));
    images.tag("busybox", "localhost:5000/x/y", "1");
    var inspect = images.inspect("busybox");
    assertThat(inspect.repoTags()).containsExactly("busybox:latest", "localhost:5000/x/y:1");
    assertThat(inspect.created()).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(inspect.rootFs().layers()).hasSize(1);
    assertThat(inspect.graphDriver().name()).isEqualTo("overlay2");
    assertThat(inspect.metadata().lastTagTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(inspect.size()).isGreaterThan(1_900_000);
    var list = images.list(false, false, Filters.none());
    assertThat(list).singleElement().satisfies(s -> {
      assertThat(s.created()).isEqualTo(1704067200L);
      assertThat(s.sharedSize()).isEqualTo(-1);
      assertThat(s.repoDigests()).isEmpty();
    });
    var byRef = images.list(false, false, new Filters(Map.of("reference", Set.of("localhost:5000/*/*"))));
    assertThat(byRef.getFirst().repoTags()).containsExactly("localhost:5000/x/y:1");
    assertThat(images.list(false, false, new Filters(Map.of("dangling", Set.of("true"))))).isEmpty();
    assertThat(images.list(false, false, new Filters(Map.of("before", Set.of("busybox"))))).isEmpty();
    assertThatThrownBy(() -> images.list(false, false, new Filters(Map.of("bogus", Set.of("1")))))
        .isInstanceOf(InvalidArgument.class).hasMessage("invalid filter 'bogus'");
    var history = images.history("busybox");
    assertThat(history).singleElement().satisfies(h -> {
      assertThat(h.id()).isEqualTo(inspect.id());
      assertThat(h.createdBy()).contains("busybox-static");
    });
  }

  @Test
  void saveThenLoadKeepsTheImageIdAndTags() throws Exception {
    load(fixture("busybox:latest"));
    var id = images.resolve("busybox").id();
    var out = new ByteArrayOutputStream();
    images.save(List.of("busybox")).writeTo(out);
    var other = root.resolve("other");
    images = open(other);
    assertThat(load(out.toByteArray())).containsExactly("Loaded image: busybox:latest\n");
    assertThat(images.resolve("busybox:latest").id()).isEqualTo(id);
  }

  @Test
  void loadsLegacyDockerSaveWithSymlinkedLayers() {
    var l1 = Archives.layer("a", "one");
    var l2 = Archives.layer("b", "two");
    var c1 = Archives.config(List.of(Digest.of(l1)), "2020-01-01T00:00:00Z", "null");
    var c2 = Archives.config(List.of(Digest.of(l1), Digest.of(l2)), "2021-01-01T00:00:00Z", "{\"k\":\"v\"}");
    var manifest = "[{\"Config\":\"" + Digest.of(c1).hex() + ".json\",\"RepoTags\":[\"one:1\"],\"Layers\":[\"l1/layer.tar\"]},"
        + "{\"Config\":\"" + Digest.of(c2).hex() + ".json\",\"RepoTags\":null,\"Layers\":[\"l1b/layer.tar\",\"l2/layer.tar\"]}]";
    var archive = new Archives().file("l1/VERSION", "1.0").file("l1/layer.tar", l1).symlink("l1b/layer.tar", "../l1/layer.tar")
        .file("l2/layer.tar", l2).file(Digest.of(c1).hex() + ".json", c1).file(Digest.of(c2).hex() + ".json", c2)
        .file("manifest.json", manifest).build();
    assertThat(load(Archives.gzip(archive))).containsExactly("Loaded image: one:1\n", "Loaded image ID: " + Digest.of(c2) + "\n");
    assertThat(images.resolve(Digest.of(c2).toString()).layers()).hasSize(2).startsWith(images.resolve("one:1").layers().getFirst());
    assertThat(images.list(false, false, new Filters(Map.of("label", Set.of("k=v"))))).hasSize(1);
    assertThat(images.list(false, false, new Filters(Map.of("dangling", Set.of("true"))))).singleElement()
        .satisfies(s -> assertThat(s.repoTags()).isEmpty());
    assertThat(images.list(false, false, new Filters(Map.of("since", Set.of("one:1"))))).hasSize(1);
  }

  @Test
  void loadsAnOciLayoutWithGzipLayers() throws IOException {
    var layer = Archives.layer("hello", "world");
    var gz = Archives.gzip(layer);
    var config = Archives.config(List.of(Digest.of(layer)), "2022-01-01T00:00:00Z", "null");
    var manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
        + Digest.of(config) + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
        + Digest.of(gz) + "\",\"size\":" + gz.length + "}]}").getBytes();
    var index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + Digest.of(manifest)
        + "\",\"size\":" + manifest.length + ",\"annotations\":{\"io.containerd.image.name\":\"localhost:5000/oci/img:v1\"}}]}";
    var archive = new Archives().file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}").file("index.json", index)
        .file("blobs/sha256/" + Digest.of(manifest).hex(), manifest).file("blobs/sha256/" + Digest.of(config).hex(), config)
        .file("blobs/sha256/" + Digest.of(gz).hex(), gz).build();
    assertThat(load(archive)).containsExactly("Loaded image: localhost:5000/oci/img:v1\n");
    var image = images.resolve("localhost:5000/oci/img:v1");
    assertThat(image.id()).isEqualTo(Digest.of(config).toString());
    assertThat(layers.diffDir(image.layers().getFirst()).resolve("hello")).hasContent("world");
    var out = new ByteArrayOutputStream();
    images.save(List.of("localhost:5000/oci/img:v1")).writeTo(out);
    images = open(root.resolve("again"));
    load(out.toByteArray());
    assertThat(images.resolve("localhost:5000/oci/img:v1").id()).isEqualTo(image.id());
  }

  @Test
  void aBlobThatDoesNotMatchItsNameIsRefused() {
    var layer = Archives.layer("x", "y");
    var archive = new Archives().file("index.json", "{\"schemaVersion\":2,\"manifests\":[]}")
        .file("blobs/sha256/" + "0".repeat(64), layer).build();
    var lines = new ArrayList<String>();
    assertThatThrownBy(() -> images.load(new ByteArrayInputStream(archive), lines::add)).hasMessageContaining("digest mismatch");
  }

  @Test
  void importMakesAOneLayerImageWithChanges() {
    var tar = Archives.layer("etc/hello", "hi");
    var id = images.importImage(new ByteArrayInputStream(Archives.gzip(tar)), new ImportRequest("-", "imported", "v1", "",
        List.of("CMD [\"/bin/sh\",\"-c\",\"echo hi\"]", "ENV A=1 B=\"two words\"", "EXPOSE 80 53/udp", "LABEL k=v", "WORKDIR /srv", "USER nobody"), ""));
    var image = images.resolve("imported:v1");
    assertThat(image.id()).isEqualTo(id.toString());
    assertThat(image.config().cmd()).containsExactly("/bin/sh", "-c", "echo hi");
    assertThat(image.config().env()).containsExactly("A=1", "B=two words");
    assertThat(image.config().exposedPorts()).containsOnlyKeys("80/tcp", "53/udp");
    assertThat(image.config().workingDir()).isEqualTo("/srv");
    assertThat(image.config().user()).isEqualTo("nobody");
    assertThat(images.inspect("imported:v1").comment()).isEqualTo("Imported from -");
    assertThatThrownBy(() -> images.importImage(new ByteArrayInputStream(tar), new ImportRequest("-", "", "", "", List.of("RUN x"), "")))
        .isInstanceOf(InvalidArgument.class).hasMessage("run is not a valid change command");
  }

  @Test
  void layersNoImageUsesAreRemovedAtStart() throws Exception {
    var orphan = layers.apply(null, new ByteArrayInputStream(Archives.layer("o", "rphan")), null, null);
    load(fixture("busybox:latest"));
    images = open(root);
    assertThat(layers.get(orphan.chainId())).isEmpty();
    assertThat(layers.diffDir(images.resolve("busybox").layers().getFirst())).isDirectory();
  }

  @Test
  void storesSurviveARestart() throws Exception {
    load(fixture("busybox:latest"));
    images.tag("busybox", "again", "");
    var id = images.resolve("busybox").id();
    images = open(root);
    assertThat(images.resolve("again").id()).isEqualTo(id);
    assertThat(images.imageCount()).isEqualTo(1);
    assertThat(Files.readString(root.resolve("image/repositories.json"))).contains("\"busybox\":{\"busybox:latest\":\"" + id + "\"}");
  }
}
