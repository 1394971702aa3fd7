package dev.berth.engine.distribution;

import dev.berth.content.Digest;
import dev.berth.content.MediaTypes;
import dev.berth.engine.image.Reference;
import dev.berth.testing.Htpasswd;
import dev.berth.testing.LocalRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.engine.error.SystemError;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry client against a real docker-registry on 127.0.0.1 (skipped where it is not installed). */
class RegistryClientTest {
  @TempDir Path dir;
  private ExecutorService executor;
  private RegistryClient client;

  @BeforeEach
  void setUp() {
    assumeTrue(LocalRegistry.available(), "docker-registry not installed");
    executor = Executors.newVirtualThreadPerTaskExecutor();
    client = new RegistryClient(new RegistryHosts(RegistryConfig.defaults(), executor), new TokenCache(InstantSource.system()));
  }

  @AfterEach
  void tearDown() {
    if (executor != null) {
      executor.close();
    }
  }

  private static byte[] random(int size) {
    var bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static void upload(BlobUpload upload, byte[] blob) throws Exception {
    upload.upload(Digest.of(blob).toString(), blob.length, () -> new ByteArrayInputStream(blob), n -> {});
  }

  @Test
  void uploadsBlobsWholeAndInChunksAndReadsThemBack() throws Exception {
    try (var registry = LocalRegistry.start(dir, null)) {
      var session = client.open(registry.host(), "test/blobs", AuthConfig.NONE, RegistryClient.pushScope("test/blobs"));
      var small = random(1000);
      var large = random(300_000);
      var sent = new AtomicLong();
      var upload = new BlobUpload(session, 100_000);
      upload(upload, small);
      upload.upload(Digest.of(large).toString(), large.length, () -> new ByteArrayInputStream(large), sent::set);

      assertThat(sent.get()).isEqualTo(large.length);
      assertThat(session.blobSize(Digest.of(small).toString())).hasValue(1000);
      assertThat(session.blobSize(Digest.of(random(7)).toString())).isEmpty();
      try (var in = session.blob(Digest.of(large).toString()).stream()) {
        assertThat(in.readAllBytes()).isEqualTo(large);
      }
    }
  }

  @Test
  void mountsABlobFromAnotherRepositoryOfTheSameRegistry() throws Exception {
    try (var registry = LocalRegistry.start(dir, null)) {
      var source = client.open(registry.host(), "team/a", AuthConfig.NONE, RegistryClient.pushScope("team/a"));
      var blob = random(5000);
      upload(new BlobUpload(source, 1 << 20), blob);
      var target = client.open(registry.host(), "team/b", AuthConfig.NONE, RegistryClient.pushScope("team/b"));

      assertThat(new BlobUpload(target, 1 << 20).mount(Digest.of(blob).toString(), "team/a")).isTrue();
      assertThat(new BlobUpload(target, 1 << 20).mount(Digest.of(random(9)).toString(), "team/a")).isFalse();
      assertThat(target.blobSize(Digest.of(blob).toString())).hasValue(5000);
    }
  }

  @Test
  void putsManifestsAndReadsThemBackWithTheirMediaTypes() throws Exception {
    try (var registry = LocalRegistry.start(dir, null)) {
      var session = client.open(registry.host(), "m", AuthConfig.NONE, RegistryClient.pushScope("m"));
      var config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8);
      upload(new BlobUpload(session, 1 << 20), config);
      var manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":\""
          + MediaTypes.DOCKER_CONFIG + "\",\"digest\":\"" + Digest.of(config).toString() + "\",\"size\":" + config.length + "},\"layers\":[]}")
          .getBytes(StandardCharsets.UTF_8);
      var digest = session.putManifest("v1", MediaTypes.DOCKER_MANIFEST, manifest);
      var index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
          + MediaTypes.DOCKER_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":" + manifest.length
          + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}").getBytes(StandardCharsets.UTF_8);
      session.putManifest("multi", MediaTypes.OCI_INDEX, index);

      var ref = Reference.parse(registry.host() + "/m:multi");
      var fetchedIndex = session.manifest("multi");
      var parsedIndex = (ImageIndex) ManifestParser.parse(fetchedIndex.body(), fetchedIndex.contentType(), ref);
      assertThat(parsedIndex.choose(new Platform("linux", "amd64", ""))).map(d -> d.digest().toString()).hasValue(digest);
      var fetched = session.manifest(digest);
      var parsed = (ImageManifest) ManifestParser.parse(fetched.body(), fetched.contentType(), ref);
      assertThat(parsed.config().digest()).isEqualTo(Digest.of(config));
      assertThat(parsed.digest()).isEqualTo(digest);
      assertThat(session.tags()).containsExactlyInAnyOrder("v1", "multi");
    }
  }

  @Test
  void unknownManifestIsReportedInTheRegistrysWords() throws Exception {
    try (var registry = LocalRegistry.start(dir, null)) {
      var session = client.open(registry.host(), "nothing/here", AuthConfig.NONE, RegistryClient.pullScope("nothing/here"));
      assertThatThrownBy(() -> session.manifest("nope"))
          .isInstanceOf(RegistryError.class)
          .hasMessage("manifest unknown: manifest unknown")
          .satisfies(e -> assertThat(((RegistryError) e).code()).isEqualTo("MANIFEST_UNKNOWN"));
    }
  }

  @Test
  void refusedConnectionReadsAsDockerdSaysIt() throws Exception {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var host = "127.0.0.1:" + port;
    assertThatThrownBy(() -> client.open(host, "x", AuthConfig.NONE, List.of()))
        .isInstanceOf(SystemError.class)
        .hasMessage("Get \"http://" + host + "/v2/\": dial tcp " + host + ": connect: connection refused");
  }

  @Test
  void basicAuthNeedsCredentialsAndLoginChecksThem() throws Exception {
    var htpasswd = Htpasswd.write(dir, "alice", "secret");
    try (var registry = LocalRegistry.start(dir, Htpasswd.authYaml(htpasswd))) {
      var anonymous = client.open(registry.host(), "p", AuthConfig.NONE, RegistryClient.pullScope("p"));
      assertThatThrownBy(() -> anonymous.manifest("latest"))
          .isInstanceOf(SystemError.class)
          .hasMessage("Get \"http://" + registry.host() + "/v2/p/manifests/latest\": no basic auth credentials");

      var alice = new AuthConfig("alice", "secret", null, null, registry.host(), null, null);
      var session = client.open(registry.host(), "p", alice, RegistryClient.pushScope("p"));
      upload(new BlobUpload(session, 1 << 20), random(10));
      assertThat(session.blobSize(Digest.of(random(10)).toString())).hasValue(10);
      assertThat(client.login(registry.host(), alice)).isEmpty();

      var wrong = new AuthConfig("alice", "wrong", null, null, registry.host(), null, null);
      assertThatThrownBy(() -> client.login(registry.host(), wrong))
          .isInstanceOf(SystemError.class)
          .hasMessage("login attempt to http://" + registry.host() + "/v2/ failed with status: 401 Unauthorized");
    }
  }
}
