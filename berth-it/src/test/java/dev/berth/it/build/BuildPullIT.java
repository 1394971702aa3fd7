package dev.berth.it.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import dev.berth.testing.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FROM an image that is only in a registry (a docker-registry on 127.0.0.1): pulled when missing,
 * the local copy used as it is without {@code --pull}, the registry's with it.
 */
@BerthTest
class BuildPullIT {
  @TempDir static Path dir;
  private static LocalRegistry registry;

  @BeforeAll
  static void start(BerthDaemon daemon) throws Exception {
    assumeTrue(LocalRegistry.available(), "docker-registry is not installed");
    daemon.ensureBusybox();
    registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")), null);
  }

  @AfterAll
  static void stop() {
    if (registry != null) registry.close();
  }

  private static Docker.Result build(Docker docker, Path ctx, String... extra) {
    var args = new java.util.ArrayList<String>(java.util.List.of("build", "-q"));
    args.addAll(java.util.List.of(extra));
    args.add(ctx.toString());
    return docker.run(Duration.ofSeconds(180), args.toArray(String[]::new));
  }

  @Test
  void aMissingBaseIsPulledAndPullRefreshesALocalOne(Docker docker) throws Exception {
    var base = registry.host() + "/build/base:1";
    var marked = Files.createDirectories(dir.resolve("marked"));
    Files.writeString(marked.resolve("Dockerfile"), "FROM busybox\nRUN touch /marker\n");
    var markedId = build(docker, marked, "-t", base);
    assertThat(markedId.exitCode()).as(markedId.toString()).isZero();
    docker.ok("push", base);
    docker.ok("rmi", base);

    var ctx = Files.createDirectories(dir.resolve("app"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nRUN ls /marker\n");
    var pulled = build(docker, ctx);
    assertThat(pulled.exitCode()).as(pulled.toString()).isZero();
    assertThat(docker.inspect(base).path("Id").asText()).isEqualTo(markedId.stdout());

    docker.ok("tag", "busybox", base); // the local copy now differs from the registry's
    var local = build(docker, ctx, "--no-cache");
    assertThat(local.exitCode()).as(local.toString()).isEqualTo(1);
    assertThat(local.err()).contains("The command '/bin/sh -c ls /marker' returned a non-zero code: 1");
    var refreshed = build(docker, ctx, "--pull", "--no-cache");
    assertThat(refreshed.exitCode()).as(refreshed.toString()).isZero();
    assertThat(docker.inspect(base).path("Id").asText()).isEqualTo(markedId.stdout());

    for (var id : docker.ok("ps", "-aq").stdout().split("\\s+")) {
      if (!id.isBlank()) docker.run("rm", "-f", id);
    }
    docker.run("rmi", "-f", base);
    docker.run("image", "prune", "-f");
  }
}
