package dev.berth.it.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker commit through the CLI: the new layer, -c/-m/-a, --pause, stopped containers, the image run at once. */
@BerthTest
class CommitIT {
  private final List<String> containers = new ArrayList<>();
  private final List<String> images = new ArrayList<>();

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  @AfterEach
  void cleanUp(Docker docker) {
    for (var c : containers) docker.run("rm", "-f", c);
    for (var i : images.reversed()) docker.run("rmi", "-f", i);
  }

  private String name(String what) {
    var n = "commit-it-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    containers.add(n);
    return n;
  }

  private String repo(String what) {
    var r = "commit-it-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    images.add(r);
    return r;
  }

  @Test
  void changedAddedAndDeletedFilesAndFoldersReachTheImage(Docker docker) {
    var c = name("files");
    docker.ok("run", "-d", "--name", c, "busybox", "sleep", "1000");
    docker.ok("exec", c, "sh", "-c", "echo hello > /newfile; echo extra >> /etc/group; rm /bin/cat;"
        + " rm -r /var/spool; mkdir -p /opt/deep/er && echo x > /opt/deep/er/f; rm -r /var/www && mkdir /var/www"
        + " && echo fresh > /var/www/index");
    var repo = repo("files");
    var id = docker.ok("commit", c, repo).out().trim();
    assertThat(id).startsWith("sha256:");
    var check = name("check");
    var out = docker.ok("run", "--name", check, repo, "sh", "-c",
        "cat /newfile; tail -n1 /etc/group; ls /bin/cat 2>&1; ls /var; cat /opt/deep/er/f; ls /var/www").out();
    assertThat(out).contains("hello", "extra", "x", "index").doesNotContain("spool");
    assertThat(out).containsPattern("/bin/cat.*No such file");
    var inspect = docker.inspect(repo);
    assertThat(inspect.get("Parent").asText()).isEqualTo(docker.inspect("busybox").get("Id").asText());
    assertThat(inspect.get("RootFS").get("Layers")).hasSize(2);
    assertThat(inspect.get("Config").get("Cmd").toString()).isEqualTo("[\"sleep\",\"1000\"]");
  }

  @Test
  void changesMessageAndAuthorGoToTheConfigAndHistory(Docker docker) {
    var c = name("meta");
    docker.ok("create", "--name", c, "busybox", "true");
    var repo = repo("meta");
    docker.ok("commit", "-c", "CMD [\"echo\", \"from-cmd\"]", "-c", "ENV GREETING=hi", "-m", "a message", "-a",
        "Jane <jane@example.com>", c, repo + ":v1");
    var inspect = docker.inspect(repo + ":v1");
    assertThat(inspect.get("Author").asText()).isEqualTo("Jane <jane@example.com>");
    assertThat(inspect.get("Config").get("Env").toString()).contains("GREETING=hi", "PATH=");
    assertThat(inspect.get("RootFS").get("Layers")).hasSize(1); // nothing changed: an empty layer, as dockerd
    var history = docker.ok("history", "--no-trunc", "--format", "{{.Comment}}|{{.CreatedBy}}", repo + ":v1").out();
    assertThat(history.lines().findFirst().orElseThrow()).isEqualTo("a message|true");
    var run = name("run");
    assertThat(docker.ok("run", "--name", run, "-e", "X=1", repo + ":v1").out().trim()).isEqualTo("from-cmd");
    assertThat(docker.ok("run", "--rm", "--entrypoint", "sh", repo + ":v1", "-c", "echo $GREETING").out().trim())
        .isEqualTo("hi");
    assertThat(docker.run("commit", "-c", "RUN true", c).err()).contains("run is not a valid change command");
  }

  @Test
  void aRunningContainerIsPausedWhileCommittedAndStaysRunning(Docker docker) {
    var c = name("pause");
    docker.ok("run", "-d", "--name", c, "busybox", "sh", "-c", "echo one > /state; sleep 1000");
    var since = docker.ok("version", "--format", "{{.Server.Os}}").out(); // a round trip before the events window
    assertThat(since).isNotBlank();
    var start = String.valueOf(System.currentTimeMillis() / 1000 - 1);
    var repo = repo("pause");
    docker.ok("commit", c, repo);
    var events = docker.ok("events", "--since", start, "--until", String.valueOf(System.currentTimeMillis() / 1000 + 1),
        "--filter", "container=" + c, "--format", "{{.Action}}").out();
    assertThat(events.lines().toList()).containsSubsequence("pause", "unpause", "commit");
    assertThat(docker.inspect(c).get("State").get("Status").asText()).isEqualTo("running");
    var repo2 = repo("nopause");
    var start2 = String.valueOf(System.currentTimeMillis() / 1000);
    docker.ok("commit", "--pause=false", c, repo2);
    var events2 = docker.ok("events", "--since", start2, "--until", String.valueOf(System.currentTimeMillis() / 1000 + 1),
        "--filter", "container=" + c, "--format", "{{.Action}}").out();
    assertThat(events2).contains("commit").doesNotContain("pause");
    assertThat(docker.ok("run", "--rm", repo2, "cat", "/state").out().trim()).isEqualTo("one");
  }

  @Test
  void aStoppedContainerCommitsAndBadInputGetsDockerdsErrors(Docker docker) {
    var c = name("stopped");
    docker.ok("run", "--name", c, "busybox", "sh", "-c", "mkdir /made && echo two > /made/file");
    var repo = repo("stopped");
    docker.ok("commit", c, repo);
    assertThat(docker.ok("run", "--rm", repo, "cat", "/made/file").out().trim()).isEqualTo("two");
    var missing = docker.run("commit", "no-such-container-" + UUID.randomUUID(), "x");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.err()).contains("No such container");
    assertThat(docker.run("commit", c, "Bad:Repo:Name").exitCode()).isNotZero();
  }

  @Test
  void aDaemonKilledMidCommitShowsNoImageAndLeavesNoLayerOrBlobAfterRestart(Daemons daemons) throws Exception {
    var d = daemons.start().ensureBusybox();
    var c = name("crash");
    d.docker().ok("run", "--name", c, "--network", "none", "busybox", "dd", "if=/dev/urandom", "of=/big", "bs=1M",
        "count=200");
    var overlay = d.dataRoot().resolve("overlay");
    var blobs = d.dataRoot().resolve("content/blobs/sha256");
    var layersBefore = names(overlay);
    var blobsBefore = names(blobs);
    try (var commit = d.docker().start("commit", c, "commit-it-crashed")) {
      Await.until(Duration.ofSeconds(120), "a layer blob being written", () -> names(blobs).stream()
          .anyMatch(n -> n.startsWith(".tmp-") && size(blobs.resolve(n)) > (8 << 20)));
      d.kill9();
      assertThat(commit.awaitExit(Duration.ofSeconds(30))).as("the commit did not finish").isNotZero();
    }
    d.start();
    assertThat(d.docker().run("image", "inspect", "commit-it-crashed").exitCode()).isNotZero();
    assertThat(names(overlay)).as("no layer, whole or half").isEqualTo(layersBefore);
    assertThat(names(blobs)).as("no blob, whole or temp").isEqualTo(blobsBefore);
    d.docker().ok("rm", c);
  }

  private static java.util.Set<String> names(Path dir) {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
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
