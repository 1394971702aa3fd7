package dev.berth.it.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mount options the issue names: propagation, SELinux labels, volume-nocopy, and volume events. */
@BerthTest
class MountOptionsIT {
  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  @Test
  void bindPropagationShowsInTheContainersMountinfo(Docker docker, @TempDir Path host) throws Exception {
    // The host's own mounts may be private (as in this sandbox): make a shared mount point to bind from.
    var shared = host.resolve("shared");
    Files.createDirectories(shared);
    sh("mount", "--bind", shared.toString(), shared.toString());
    try {
      sh("mount", "--make-shared", shared.toString());
      assertThat(mountinfo(docker, shared + ":/h:rshared")).contains("shared:");
      assertThat(mountinfo(docker, shared + ":/h:rslave")).contains("master:").doesNotContain("shared:");
      var viaMount = docker.ok("run", "--rm", "--mount", "type=bind,src=" + shared + ",dst=/h,bind-propagation=rshared",
          "busybox", "grep", " /h ", "/proc/self/mountinfo").stdout();
      assertThat(viaMount).contains("shared:");
      assertThat(mountinfo(docker, shared + ":/h")).doesNotContain("shared:").doesNotContain("master:");
    } finally {
      sh("umount", shared.toString());
    }
    // A private source cannot give shared or slave propagation: dockerd's words.
    var privateSource = host.resolve("private");
    Files.createDirectories(privateSource);
    sh("mount", "--bind", privateSource.toString(), privateSource.toString());
    try {
      sh("mount", "--make-private", privateSource.toString());
      assertThat(docker.run("run", "--rm", "-v", privateSource + ":/h:rshared", "busybox", "true").err())
          .contains("path " + privateSource + " is mounted on " + privateSource + " but it is not a shared mount");
      assertThat(docker.run("run", "--rm", "-v", privateSource + ":/h:rslave", "busybox", "true").err())
          .contains("path " + privateSource + " is mounted on " + privateSource + " but it is not a shared or slave mount");
    } finally {
      sh("umount", privateSource.toString());
    }
  }

  @Test
  void aMountMadeInsideUnderAnRsharedBindAppearsOnTheHost(Docker docker, @TempDir Path host) throws Exception {
    var shared = host.resolve("shared");
    Files.createDirectories(shared);
    sh("mount", "--bind", shared.toString(), shared.toString());
    var name = "it-propagate-" + ProcessHandle.current().pid();
    try {
      sh("mount", "--make-shared", shared.toString());
      docker.ok("run", "-d", "--name", name, "--cap-add", "SYS_ADMIN", "-v", shared + ":/h:rshared", "busybox", "sh",
          "-c", "mkdir -p /h/sub && mount -t tmpfs none /h/sub && touch /h/sub/made && sleep 600");
      // dockerd makes the container's rootfs "shared" for such a bind, so the tmpfs reaches the host
      dev.berth.it.Await.until(Docker.TIMEOUT, "the container's tmpfs on the host",
          () -> Files.exists(shared.resolve("sub/made")));
      assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).contains(" " + shared.resolve("sub") + " ");
    } finally {
      docker.run("rm", "-f", name);
      new ProcessBuilder("umount", shared.resolve("sub").toString()).start().waitFor();
      sh("umount", shared.toString());
    }
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(shared.toString());
  }

  private static void sh(String... argv) throws Exception {
    var p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    var out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + ": " + out);
    }
  }

  @Test
  void selinuxRelabelOptionsAreAccepted(Docker docker, @TempDir Path host) throws Exception {
    Files.writeString(host.resolve("f"), "labelled");
    assertThat(docker.ok("run", "--rm", "-v", host + ":/h:z", "busybox", "cat", "/h/f").stdout()).isEqualTo("labelled");
    assertThat(docker.ok("run", "--rm", "-v", host + ":/h:Z,ro", "busybox", "cat", "/h/f").stdout()).isEqualTo("labelled");
  }

  @Test
  void volumeNocopyLeavesANewVolumeEmpty(Docker docker) {
    try {
      var copied = docker.ok("run", "--rm", "--mount", "type=volume,src=it-copied,dst=/etc", "busybox", "ls", "/etc").stdout();
      assertThat(copied).contains("passwd");
      // Only the mount points of /etc/hostname, hosts and resolv.conf, none of the image's files.
      var empty = docker.ok("run", "--rm", "--mount", "type=volume,src=it-nocopy,dst=/etc,volume-nocopy", "busybox",
          "ls", "-A", "/etc").stdout();
      assertThat(empty).doesNotContain("passwd").doesNotContain("group");
    } finally {
      docker.run("volume", "rm", "it-copied", "it-nocopy");
    }
  }

  @Test
  void volumeEventsAreCreateMountUnmountDestroy(Docker docker) {
    var since = Instant.now().getEpochSecond() - 1;
    docker.ok("run", "--rm", "-v", "it-evvol:/e", "busybox", "true");
    docker.ok("volume", "rm", "it-evvol");
    var until = Instant.now().getEpochSecond() + 1;
    var events = docker.jsonLines("events", "--since", Long.toString(since), "--until", Long.toString(until),
        "--filter", "type=volume", "--filter", "volume=it-evvol", "--format", "{{json .}}");
    var actions = events.stream().map(e -> e.path("Action").asText()).toList();
    assertThat(actions).containsSubsequence("create", "mount", "unmount", "destroy");
    var mount = events.stream().filter(e -> e.path("Action").asText().equals("mount")).findFirst().orElseThrow();
    assertThat(mount.path("Actor").path("ID").asText()).isEqualTo("it-evvol");
    assertThat(mount.path("Actor").path("Attributes").path("destination").asText()).isEqualTo("/e");
    assertThat(mount.path("Actor").path("Attributes").path("driver").asText()).isEqualTo("local");
    assertThat(mount.path("Actor").path("Attributes").path("read/write").asText()).isEqualTo("true");
  }

  private static String mountinfo(Docker docker, String volume) {
    return docker.ok("run", "--rm", "-v", volume, "busybox", "grep", " /h ", "/proc/self/mountinfo").stdout();
  }

}
