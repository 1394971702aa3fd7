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
 * A layer download cut off mid-blob: the pull fails with nothing of the image visible, the bytes
 * received are kept aside, and the next pull asks for the rest with {@code Range} and finishes.
 */
@BerthTest
class RegistryResumeIT {
  @TempDir static Path dir;
  private static LocalRegistry registry;
  private static CuttingProxy proxy;

  @BeforeAll
  static void start(BerthDaemon daemon, Docker docker) throws Exception {
    assumeTrue(LocalRegistry.available(), "docker-registry is not installed");
    daemon.ensureBusybox();
    registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")), null);
    docker.ok("tag", "busybox", registry.host() + "/resume/busybox:1");
    docker.ok("push", registry.host() + "/resume/busybox:1");
    proxy = new CuttingProxy(registry.host());
  }

  @AfterAll
  static void stop() {
    if (proxy != null) proxy.close();
    if (registry != null) registry.close();
  }

  @Test
  void anInterruptedPullResumesWithARangeRequest(BerthDaemon daemon, Docker docker, Daemons daemons) throws Exception {
    var other = daemons.start();
    var ref = proxy.host() + "/resume/busybox:1";
    var failed = other.docker().run("pull", ref);
    assertThat(failed.exitCode()).isNotZero();
    assertThat(other.docker().run("image", "inspect", ref).exitCode()).as("nothing half-visible").isNotZero();
    var partials = other.dataRoot().resolve("image/distribution/partial");
    try (var files = Files.list(partials)) {
      var kept = files.toList();
      assertThat(kept).hasSize(1);
      assertThat(Files.size(kept.getFirst())).isEqualTo(CuttingProxy.CUT_AT);
      assertThat(other.dataRoot().resolve("content/blobs/sha256").resolve(kept.getFirst().getFileName())).doesNotExist();
    }
    // within the pull: the broken body was retried from where it stopped
    assertThat(proxy.blobRequests()).contains(new CuttingProxy.BlobRequest("bytes=" + CuttingProxy.CUT_AT + "-", 503));

    proxy.mode(CuttingProxy.Mode.PASS);
    var pull = other.docker().ok("pull", ref);
    assertThat(pull.out()).contains("Status: Downloaded newer image for " + ref);
    assertThat(proxy.blobRequests()).contains(new CuttingProxy.BlobRequest("bytes=" + CuttingProxy.CUT_AT + "-", 206));
    assertThat(other.docker().inspect(ref).path("Id").asText()).isEqualTo(docker.inspect("busybox").path("Id").asText());
    try (var files = Files.list(partials)) {
      assertThat(files.toList()).isEmpty();
    }
  }
}
