package dev.berth.it.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import dev.berth.testing.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code registry-mirrors}: a Docker Hub name ({@code busybox}) is pulled from a mirror on
 * 127.0.0.1. The daemon under test runs with {@code -Djdk.net.hosts.file} naming only localhost, so
 * the JVM cannot resolve registry-1.docker.io at all: when the mirror fails, the fallback to Docker
 * Hub fails at name lookup and never leaves the machine (the second test proves that it does).
 * As in dockerd, a mirror that answers "manifest unknown" is followed by the next mirror, then by
 * Docker Hub (moby distribution {@code continueOnError}).
 */
@BerthTest
class RegistryMirrorIT {
  @TempDir static Path dir;
  private static LocalRegistry mirror;
  private static Path hosts;

  @BeforeAll
  static void start(BerthDaemon daemon, Docker docker) throws Exception {
    assumeTrue(LocalRegistry.available(), "docker-registry is not installed");
    daemon.ensureBusybox();
    mirror = LocalRegistry.start(Files.createDirectories(dir.resolve("mirror")), null);
    var ref = mirror.host() + "/library/busybox:latest";
    docker.ok("tag", "busybox", ref);
    docker.ok("push", ref);
    docker.ok("rmi", ref);
    hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n::1 localhost\n");
  }

  @AfterAll
  static void stop() {
    if (mirror != null) mirror.close();
  }

  private static Docker isolated(Daemons daemons) {
    return daemons.start("--registry-mirror", "http://" + mirror.host(), "-J-Djdk.net.hosts.file=" + hosts).docker();
  }

  @Test
  void aDockerHubNameIsPulledFromTheMirror(Daemons daemons) throws Exception {
    var docker = isolated(daemons);
    var pull = docker.ok("pull", "busybox");
    assertThat(pull.out()).contains("Using default tag: latest", "latest: Pulling from library/busybox",
        "Status: Downloaded newer image for busybox:latest", "docker.io/library/busybox:latest");
    assertThat(docker.inspect("busybox").path("RepoTags").toString()).contains("busybox:latest");
    assertThat(mirror.log()).contains("GET /v2/library/busybox/manifests/latest");
    assertThat(docker.json("info", "--format", "{{json .RegistryConfig.Mirrors}}").toString())
        .contains("http://" + mirror.host());
  }

  @Test
  void whenTheMirrorIsDownTheFallbackToDockerHubStaysOnThisMachine(Daemons daemons) throws Exception {
    int closed;
    try (var socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    var docker = daemons.start("--registry-mirror", "http://127.0.0.1:" + closed, "-J-Djdk.net.hosts.file=" + hosts).docker();
    var pull = docker.run("pull", "busybox:latest");
    assertThat(pull.exitCode()).isNotZero();
    // the lookup of Docker Hub's name failed inside the daemon: nothing was sent to the internet
    assertThat(pull.err()).contains("registry-1.docker.io").contains("no such host");
  }

  @Test
  void aMirrorWithoutTheImageIsFollowedByTheNextMirror(Daemons daemons) throws Exception {
    try (var empty = LocalRegistry.start(Files.createDirectories(dir.resolve("empty-1")), null)) {
      var docker = daemons.start("--registry-mirror", "http://" + empty.host(), "--registry-mirror", "http://" + mirror.host(),
          "-J-Djdk.net.hosts.file=" + hosts).docker();
      long before = count(mirror.log(), "GET /v2/library/busybox/manifests/latest");
      var pull = docker.ok("pull", "busybox:latest");
      assertThat(pull.out()).contains("Status: Downloaded newer image for busybox:latest");
      assertThat(empty.log()).as("the first mirror was asked first").contains("/v2/library/busybox/manifests/latest");
      assertThat(count(mirror.log(), "GET /v2/library/busybox/manifests/latest")).isGreaterThan(before);
      assertThat(docker.inspect("busybox").path("RepoTags").toString()).contains("busybox:latest");
    }
  }

  @Test
  void aMirrorWithoutTheImageIsFollowedByDockerHubWhichStaysOnThisMachine(Daemons daemons) throws Exception {
    try (var empty = LocalRegistry.start(Files.createDirectories(dir.resolve("empty-2")), null)) {
      var docker = daemons.start("--registry-mirror", "http://" + empty.host(), "-J-Djdk.net.hosts.file=" + hosts).docker();
      var pull = docker.run("pull", "busybox:latest");
      assertThat(pull.exitCode()).isNotZero();
      assertThat(empty.log()).contains("/v2/library/busybox/manifests/latest");
      // dockerd reports the last endpoint's error: Docker Hub's, whose name this daemon cannot look up
      assertThat(pull.err()).doesNotContain("manifest unknown")
          .contains("Error response from daemon: Get \"https://registry-1.docker.io/v2/\"").contains("no such host");
    }
  }

  private static long count(String log, String line) {
    return log.lines().filter(l -> l.contains(line)).count();
  }
}
