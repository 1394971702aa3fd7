package dev.berth.engine.distribution;

import dev.berth.content.Digest;
import dev.berth.content.Descriptor;
import dev.berth.content.MediaTypes;
import dev.berth.testing.LocalRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.engine.error.NotFound;
import dev.berth.model.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push from one set of stores and pull into another, through a real docker-registry. */
class PullPushTest {
  @TempDir Path dir;
  private LocalRegistry registry;
  private final List<DistributionService> services = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    assumeTrue(LocalRegistry.available(), "docker-registry not installed");
    assumeTrue("root".equals(System.getProperty("user.name")), "layer store needs root");
    registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")), null);
  }

  @AfterEach
  void stop() {
    services.forEach(DistributionService::close);
    if (registry != null) {
      registry.close();
    }
  }

  private static List<String> statuses(List<ProgressMessage> messages, String id) {
    return messages.stream().filter(m -> id.equals(m.id()) && m.status() != null).map(ProgressMessage::status).distinct().toList();
  }

  private static String last(List<ProgressMessage> messages) {
    return messages.getLast().status();
  }

  @Test
  void pushedImagePullsBackWithTheSameIdAndRepushesByteIdentically() throws Exception {
    var host = registry.host();
    var source = new TestStores(dir, services, "a");
    var id = source.image(host + "/app:1", List.of(
        Tars.of(Map.of("etc/hello", "hello")), Tars.of(Map.of("etc/world", "world".repeat(100_000)))));

    var push = source.push(host + "/app", "1");
    assertThat(push.getFirst().status()).isEqualTo("The push refers to repository [" + host + "/app]");
    var pushedLine = push.stream().map(ProgressMessage::status).filter(s -> s != null && s.startsWith("1: digest: ")).findFirst().orElseThrow();
    var manifestDigest = pushedLine.substring("1: digest: ".length(), pushedLine.indexOf(" size: "));
    assertThat(push.getLast().aux()).isEqualTo(Map.of("Tag", "1", "Digest", manifestDigest,
        "Size", Integer.parseInt(pushedLine.substring(pushedLine.indexOf(" size: ") + 7))));
    assertThat(push).extracting(ProgressMessage::status).contains("Preparing", "Pushing", "Pushed");

    var again = source.push(host + "/app", "1");
    assertThat(again).extracting(ProgressMessage::status).contains("Layer already exists").doesNotContain("Pushed");

    source.images.refs.put(host + "/other:1", id);
    var mounted = source.push(host + "/other", "1");
    assertThat(mounted).extracting(ProgressMessage::status).contains("Mounted from app");

    var target = new TestStores(dir, services, "b");
    var pull = target.pull(host + "/app:1", null);
    assertThat(pull.getFirst()).isEqualTo(ProgressMessage.status("Pulling from app", "1"));
    var firstLayer = pull.stream().filter(m -> "Pulling fs layer".equals(m.status())).findFirst().orElseThrow().id();
    assertThat(statuses(pull, firstLayer)).containsSubsequence("Pulling fs layer", "Downloading", "Verifying Checksum",
        "Download complete", "Extracting", "Pull complete");
    assertThat(pull.get(pull.size() - 2).status()).isEqualTo("Digest: " + manifestDigest);
    assertThat(last(pull)).isEqualTo("Status: Downloaded newer image for " + host + "/app:1");
    assertThat(target.images.imageId(host + "/app:1")).hasValue(id);
    assertThat(target.images.imageId(host + "/app@" + manifestDigest)).hasValue(id);

    var upToDate = target.pull(host + "/app:1", null);
    assertThat(upToDate).extracting(ProgressMessage::status)
        .containsExactly("Pulling from app", "Digest: " + manifestDigest, "Status: Image is up to date for " + host + "/app:1");

    target.images.refs.put(host + "/copy:1", id);
    var repush = target.push(host + "/copy", "1");
    assertThat(repush).extracting(ProgressMessage::status).contains("1: digest: " + manifestDigest + pushedLine.substring(pushedLine.indexOf(" size: ")));
  }

  @Test
  void pullsAnIndexForTheHostPlatformAndRefusesMissingPlatforms() throws Exception {
    var host = registry.host();
    var source = new TestStores(dir, services, "a");
    source.image(host + "/multi:single", List.of(Tars.of(Map.of("a", "b"))));
    var push = source.push(host + "/multi", "single");
    var line = push.stream().map(ProgressMessage::status).filter(s -> s != null && s.startsWith("single: digest: ")).findFirst().orElseThrow();
    var digest = line.substring(16, line.indexOf(" size: "));
    var size = Long.parseLong(line.substring(line.indexOf(" size: ") + 7));
    var index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
        + MediaTypes.DOCKER_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":" + size
        + ",\"platform\":{\"architecture\":\"" + Platform.host().architecture() + "\",\"os\":\"linux\"}}]}").getBytes(StandardCharsets.UTF_8);
    var session = new RegistryClient(new RegistryHosts(RegistryConfig.defaults(), Runnable::run), new TokenCache(java.time.InstantSource.system()))
        .open(host, "multi", AuthConfig.NONE, RegistryClient.pushScope("multi"));
    session.putManifest("all", MediaTypes.OCI_INDEX, index);

    var target = new TestStores(dir, services, "b");
    var pull = target.pull(host + "/multi:all", null);
    assertThat(last(pull)).isEqualTo("Status: Downloaded newer image for " + host + "/multi:all");
    assertThat(pull.get(pull.size() - 2).status()).isEqualTo("Digest: " + Digest.of(index).toString());
    assertThatThrownBy(() -> target.pull(host + "/multi:all", "linux/s390x"))
        .isInstanceOf(NotFound.class)
        .hasMessage("no matching manifest for linux/s390x in the manifest list entries");
  }

  @Test
  void pullOfAnUnknownTagFailsAsDockerdSaysIt() throws Exception {
    var target = new TestStores(dir, services, "b");
    assertThatThrownBy(() -> target.pull(registry.host() + "/nothing:nope", null))
        .isInstanceOf(NotFound.class)
        .hasMessage("manifest for " + registry.host() + "/nothing:nope not found: manifest unknown: manifest unknown");
  }

  @Test
  void pullAllTagsPullsEveryTag() throws Exception {
    var host = registry.host();
    var source = new TestStores(dir, services, "a");
    var id = source.image(host + "/many:1", List.of(Tars.of(Map.of("x", "1"))));
    source.images.refs.put(host + "/many:2", id);
    source.push(host + "/many", "");
    var target = new TestStores(dir, services, "b");
    var pull = target.pull(host + "/many", null);
    assertThat(pull).extracting(ProgressMessage::status).contains("Pulling from many");
    assertThat(last(pull)).isEqualTo("Status: Downloaded newer image for " + host + "/many");
    assertThat(target.images.imageId(host + "/many:1")).hasValue(id);
    assertThat(target.images.imageId(host + "/many:2")).hasValue(id);
  }

  @Test
  void pushOfAMissingImageSaysSo() throws Exception {
    var source = new TestStores(dir, services, "a");
    var messages = new CopyOnWriteArrayList<Object>();
    assertThatThrownBy(() -> source.service.push(registry.host() + "/ghost", "1", null, messages::add))
        .isInstanceOf(NotFound.class)
        .hasMessage("An image does not exist locally with the tag: " + registry.host() + "/ghost");
    assertThat(messages).hasSize(1);
  }

  @Test
  void zstdLayersPull() throws Exception {
    var host = registry.host();
    var tar = Tars.of(Map.of("z", "zstd content"));
    var zstd = com.github.luben.zstd.Zstd.compress(tar);
    var config = Json.mapper().writeValueAsBytes(Map.of("architecture", "amd64", "os", "linux",
        "rootfs", Map.of("type", "layers", "diff_ids", List.of(Digest.of(tar).toString()))));
    var session = new RegistryClient(new RegistryHosts(RegistryConfig.defaults(), Runnable::run), new TokenCache(java.time.InstantSource.system()))
        .open(host, "zs", AuthConfig.NONE, RegistryClient.pushScope("zs"));
    var upload = new BlobUpload(session, 1 << 20);
    upload.upload(Digest.of(zstd).toString(), zstd.length, () -> new ByteArrayInputStream(zstd), n -> {});
    upload.upload(Digest.of(config).toString(), config.length, () -> new ByteArrayInputStream(config), n -> {});
    var manifest = ManifestWriter.write(MediaTypes.OCI_MANIFEST, Descriptor.of(MediaTypes.OCI_CONFIG, Digest.of(config), config.length),
        List.of(Descriptor.of(MediaTypes.OCI_LAYER_ZSTD, Digest.of(zstd), zstd.length)));
    session.putManifest("z", MediaTypes.OCI_MANIFEST, manifest);

    var target = new TestStores(dir, services, "b");
    assertThat(last(target.pull(host + "/zs:z", null))).isEqualTo("Status: Downloaded newer image for " + host + "/zs:z");
    assertThat(target.images.imageId(host + "/zs:z")).hasValue(Digest.of(config).toString());
  }
}
