package dev.berth.it.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import dev.berth.testing.LocalRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer download cut off mid-blob: the pull fails with nothing of the image visible, the bytes
 * received are kept aside, and the next pull asks for the rest with {@code Range} and finishes.
 * A daemon killed mid-download keeps its partial across the restart for a retry, but removes it at
 * start once it has not been written for a day (no retry came).
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

  @Test
  void aPartialLeftByAKilledDaemonIsKeptForARetryAndRemovedAtStartOnceStale(Daemons daemons) throws Exception {
    try (var stalling = new CuttingProxy(registry.host())) {
      stalling.mode(CuttingProxy.Mode.STALL);
      var other = daemons.start();
      var ref = stalling.host() + "/resume/busybox:1";
      var partials = other.dataRoot().resolve("image/distribution/partial");

      var partial = killMidPull(other, ref, partials);
      other.start();
      assertThat(files(partials)).as("kept across the restart for a retry").containsExactly(partial);
      assertThat(Files.size(partial)).isEqualTo(CuttingProxy.CUT_AT);
      stalling.mode(CuttingProxy.Mode.PASS);
      other.docker().ok("pull", ref);
      assertThat(stalling.blobRequests()).contains(new CuttingProxy.BlobRequest("bytes=" + CuttingProxy.CUT_AT + "-", 206));
      assertThat(files(partials)).as("gone once the pull succeeded").isEmpty();

      other.docker().ok("rmi", ref);
      stalling.mode(CuttingProxy.Mode.STALL);
      partial = killMidPull(other, ref, partials);
      Files.setLastModifiedTime(partial, FileTime.from(Instant.now().minus(Duration.ofHours(25))));
      other.start();
      assertThat(files(partials)).as("a partial no retry used for a day is removed at start").isEmpty();
      assertThat(Files.readString(other.logFile()))
          .contains("removed partial download " + partial.getFileName() + ": not resumed for over PT24H");
      stalling.mode(CuttingProxy.Mode.PASS);
    }
  }

  /** Starts a pull that stalls mid-layer, kills the daemon once CUT_AT bytes are on disk; returns the partial. */
  private static Path killMidPull(BerthDaemon daemon, String ref, Path partials) {
    try (var pull = daemon.docker().start("pull", ref)) {
      var partial = Await.value(Duration.ofSeconds(60), "a partial download of " + CuttingProxy.CUT_AT + " bytes",
          () -> files(partials).stream().filter(p -> size(p) == CuttingProxy.CUT_AT).findFirst());
      daemon.kill9();
      assertThat(pull.awaitExit(Duration.ofSeconds(30))).isNotZero();
      return partial;
    }
  }

  private static List<Path> files(Path dir) {
    try (var files = Files.list(dir)) {
      return files.toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }
}
