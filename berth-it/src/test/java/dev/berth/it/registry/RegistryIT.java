package dev.berth.it.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import dev.berth.it.Fixture;
import dev.berth.testing.LocalRegistry;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker push and pull through a plain docker-registry on 127.0.0.1 (insecure by default, as in dockerd). */
@BerthTest
class RegistryIT {
  private static final Pattern PUSHED_DIGEST = Pattern.compile("(?m)^\\S+: digest: (sha256:[0-9a-f]{64}) size: (\\d+)$");

  @TempDir static Path dir;
  private static LocalRegistry registry;
  private static String busyboxId;

  @BeforeAll
  static void start(BerthDaemon daemon, Docker docker) throws Exception {
    assumeTrue(LocalRegistry.available(), "docker-registry is not installed");
    daemon.ensureBusybox();
    busyboxId = docker.inspect("busybox").path("Id").asText();
    registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")), null);
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private static String pushedDigest(Docker.Result push) {
    var m = PUSHED_DIGEST.matcher(push.out());
    assertThat(m.find()).as(push.toString()).isTrue();
    return m.group(1);
  }

  private static List<String> strings(JsonNode array) {
    var out = new ArrayList<String>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void pushedImagePullsIntoAnotherDaemonWithItsIdAndRepoDigest(Docker docker, Daemons daemons) throws Exception {
    var ref = registry.host() + "/roundtrip/busybox:1";
    docker.ok("tag", "busybox", ref);
    var push = docker.ok("push", ref);
    assertThat(push.out()).contains("The push refers to repository [" + registry.host() + "/roundtrip/busybox]", ": Pushed");
    var digest = pushedDigest(push);
    assertThat(docker.ok("push", ref).out()).contains(": Layer already exists").doesNotContain(": Pushed");

    var other = daemons.start().docker();
    var pull = other.ok("pull", ref);
    assertThat(pull.out()).contains("1: Pulling from roundtrip/busybox", ": Pull complete", "Digest: " + digest,
        "Status: Downloaded newer image for " + ref);
    var image = other.inspect(ref);
    assertThat(image.path("Id").asText()).isEqualTo(busyboxId);
    assertThat(strings(image.path("RepoDigests"))).containsExactly(registry.host() + "/roundtrip/busybox@" + digest);
    assertThat(other.ok("pull", ref).out()).contains("Status: Image is up to date for " + ref);
    var until = String.valueOf(java.time.Instant.now().getEpochSecond() + 1);
    assertThat(other.ok("events", "--since", "0", "--until", until, "--filter", "type=image", "--format", "{{.Action}} {{.Actor.ID}}").out())
        .contains("pull " + ref);
    assertThat(other.ok("images", "--digests", "--format", "{{.Digest}}", registry.host() + "/roundtrip/busybox").stdout()).isEqualTo(digest);

    var saved = dir.resolve("pulled.tar");
    other.ok("save", "-o", saved.toString(), ref);
    assertThat(Fixture.imageId(saved)).isEqualTo(busyboxId);

    var repush = other.ok("push", ref);
    assertThat(pushedDigest(repush)).isEqualTo(digest);
  }

  @Test
  void pullByDigestAndQuietPull(Docker docker, Daemons daemons) {
    var ref = registry.host() + "/bydigest:v1";
    docker.ok("tag", "busybox", ref);
    var digest = pushedDigest(docker.ok("push", ref));
    var other = daemons.start().docker();
    var byDigest = registry.host() + "/bydigest@" + digest;
    assertThat(other.ok("pull", byDigest).out()).contains("Status: Downloaded newer image for " + byDigest);
    assertThat(other.inspect(byDigest).path("Id").asText()).isEqualTo(busyboxId);
    assertThat(other.ok("pull", "-q", ref).stdout()).isEqualTo(ref);
  }

  @Test
  void pushAllTagsAndPullAllTags(Docker docker, Daemons daemons) {
    var repo = registry.host() + "/alltags";
    docker.ok("tag", "busybox", repo + ":a");
    docker.ok("tag", "busybox", repo + ":b");
    var push = docker.ok("push", "--all-tags", repo);
    assertThat(push.out()).contains("a: digest: sha256:", "b: digest: sha256:");
    var other = daemons.start().docker();
    var pull = other.ok("pull", "--all-tags", repo);
    assertThat(pull.out()).contains("a: Pulling from alltags", "b: Pulling from alltags", "Status: Downloaded newer image for " + repo);
    assertThat(strings(other.inspect(repo + ":a").path("RepoTags"))).contains(repo + ":a", repo + ":b");
  }

  @Test
  void platformOfASinglePlatformImageIsOnlyWarnedAbout(Docker docker, Daemons daemons) {
    var ref = registry.host() + "/plat:1";
    docker.ok("tag", "busybox", ref);
    docker.ok("push", ref);
    var other = daemons.start().docker();
    assertThat(other.ok("pull", "--platform", "linux/amd64", ref).out()).contains("Status: Downloaded newer image for " + ref)
        .doesNotContain("WARNING");
    var mismatch = other.ok("pull", "--platform", "linux/arm64", ref);
    assertThat(mismatch.out()).contains("WARNING: image with reference " + registry.host()
        + "/plat was found but does not match the specified platform: wanted linux/arm64, actual: linux/amd64");
  }

  @Test
  void pullErrorsReadAsDockerdWritesThem(Docker docker) throws Exception {
    var missing = docker.run("pull", registry.host() + "/nothing/here:nope");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("Error response from daemon: manifest for " + registry.host()
        + "/nothing/here:nope not found: manifest unknown: manifest unknown");

    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var refused = docker.run("pull", "127.0.0.1:" + port + "/x:1");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("Error response from daemon: Get \"http://127.0.0.1:" + port
        + "/v2/\": dial tcp 127.0.0.1:" + port + ": connect: connection refused");

    var notLocal = docker.run("push", registry.host() + "/never/tagged:1");
    assertThat(notLocal.exitCode()).isEqualTo(1);
    assertThat(notLocal.err()).contains("An image does not exist locally with the tag: " + registry.host() + "/never/tagged");
  }

  @Test
  void runOfAMissingImagePullsItFirst(Docker docker, Daemons daemons) {
    var ref = registry.host() + "/runme:1";
    docker.ok("tag", "busybox", ref);
    docker.ok("push", ref);
    var other = daemons.start().docker();
    var ps = other.run("ps");
    assumeTrue(ps.exitCode() == 0, "the container service is not wired yet: " + ps);
    var run = other.run("run", "--rm", ref, "echo", "pulled-and-ran");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).contains("Unable to find image '" + ref + "' locally", "Status: Downloaded newer image for " + ref);
    assertThat(run.out()).contains("pulled-and-ran");
  }
}
