package dev.berth.it.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker cp both ways and docker export through the CLI, including symlinks that try to reach the host. */
@BerthTest
class CopyIT {
  private final List<String> containers = new ArrayList<>();

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  @AfterEach
  void cleanUp(Docker docker) {
    for (var c : containers) docker.run("rm", "-f", "-v", c);
  }

  private String name(String what) {
    var n = "cp-it-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    containers.add(n);
    return n;
  }

  @Test
  void filesAndFoldersCopyBothWaysWithRunningAndStoppedContainers(Docker docker, @TempDir Path tmp) throws IOException {
    var c = name("both");
    docker.ok("run", "-d", "--name", c, "busybox", "sh", "-c", "mkdir -p /data/sub && echo inside > /data/sub/f && sleep 1000");
    docker.ok("cp", c + ":/data/sub/f", tmp.resolve("f").toString());
    assertThat(Files.readString(tmp.resolve("f"))).isEqualTo("inside\n");
    docker.ok("cp", c + ":/data", tmp.resolve("copied").toString());
    assertThat(Files.readString(tmp.resolve("copied/sub/f"))).isEqualTo("inside\n");
    Files.createDirectories(tmp.resolve("up/deeper"));
    Files.writeString(tmp.resolve("up/deeper/g"), "from-host\n");
    docker.ok("cp", tmp.resolve("up").toString(), c + ":/tmp/");
    assertThat(docker.ok("exec", c, "cat", "/tmp/up/deeper/g").out()).isEqualTo("from-host\n");
    docker.ok("cp", tmp.resolve("up").toString() + "/.", c + ":/tmp/contents");
    assertThat(docker.ok("exec", c, "cat", "/tmp/contents/deeper/g").out()).isEqualTo("from-host\n");
    var missing = docker.run("cp", c + ":/no/such", tmp.resolve("x").toString());
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.err()).contains("Could not find the file /no/such in container " + c);
    docker.ok("stop", "-t", "0", c);
    Files.writeString(tmp.resolve("later"), "while-stopped\n");
    docker.ok("cp", tmp.resolve("later").toString(), c + ":/data/later");
    docker.ok("cp", c + ":/data/later", tmp.resolve("back").toString());
    assertThat(Files.readString(tmp.resolve("back"))).isEqualTo("while-stopped\n");
    docker.ok("start", c);
    assertThat(docker.ok("exec", c, "cat", "/data/later").out()).isEqualTo("while-stopped\n");
    var notDir = docker.run("cp", tmp.resolve("later").toString(), c + ":/data/later/x");
    assertThat(notDir.exitCode()).isNotZero();
  }

  @Test
  void volumesAndReadOnlyMountsAreSeenAsTheContainerSeesThem(Docker docker, @TempDir Path tmp) throws IOException {
    var bind = Files.createDirectories(tmp.resolve("bind"));
    Files.writeString(bind.resolve("b"), "bound\n");
    var c = name("vol");
    docker.ok("create", "--name", c, "-v", bind + ":/b:ro", "-v", "/vol", "busybox", "sleep", "1000");
    docker.ok("cp", c + ":/b/b", tmp.resolve("b-out").toString());
    assertThat(Files.readString(tmp.resolve("b-out"))).isEqualTo("bound\n");
    Files.writeString(tmp.resolve("v"), "volume\n");
    docker.ok("cp", tmp.resolve("v").toString(), c + ":/vol/v");
    docker.ok("start", c);
    assertThat(docker.ok("exec", c, "cat", "/vol/v").out()).isEqualTo("volume\n");
    var ro = docker.run("cp", tmp.resolve("v").toString(), c + ":/b/");
    assertThat(ro.exitCode()).isNotZero();
    assertThat(ro.err()).contains("mounted volume is marked read-only");
    assertThat(bind.resolve("v")).doesNotExist();
  }

  @Test
  void symlinksInTheContainerNeverReachTheHost(Docker docker, @TempDir Path tmp) throws IOException {
    var marker = "berth-cp-host-" + UUID.randomUUID();
    var hostFile = tmp.resolve(marker);
    Files.writeString(hostFile, "host secret\n");
    var c = name("escape");
    docker.ok("run", "-d", "--name", c, "busybox", "sh", "-c",
        "ln -s / /rootlink; ln -s ../../../../../../ /up; ln -s " + tmp + " /hostdir; mkdir -p " + tmp
            + " && echo container-side > " + hostFile + "; sleep 1000");
    // cp out through a link to the host path gives the container's file of that name, never the host's
    docker.ok("cp", c + ":/hostdir/" + marker, tmp.resolve("out1").toString());
    assertThat(Files.readString(tmp.resolve("out1"))).isEqualTo("container-side\n");
    docker.ok("cp", c + ":/up" + tmp + "/" + marker, tmp.resolve("out2").toString());
    assertThat(Files.readString(tmp.resolve("out2"))).isEqualTo("container-side\n");
    // cp in through the same links writes into the container only
    Files.writeString(tmp.resolve("payload"), "payload\n");
    docker.ok("cp", tmp.resolve("payload").toString(), c + ":/rootlink" + tmp + "/");
    docker.ok("cp", tmp.resolve("payload").toString(), c + ":/up/up/up" + tmp + "/p2");
    docker.ok("cp", tmp.resolve("payload").toString(), c + ":/hostdir/p3");
    assertThat(tmp.resolve("p2")).doesNotExist();
    assertThat(tmp.resolve("p3")).doesNotExist();
    assertThat(Files.readString(hostFile)).isEqualTo("host secret\n");
    assertThat(docker.ok("exec", c, "cat", tmp + "/p2", tmp + "/p3", tmp + "/payload").out())
        .isEqualTo("payload\npayload\npayload\n");
    // and with the container stopped (its root mounted on the host) the same holds
    docker.ok("stop", "-t", "0", c);
    docker.ok("cp", tmp.resolve("payload").toString(), c + ":/hostdir/p4");
    assertThat(tmp.resolve("p4")).doesNotExist();
    docker.ok("cp", c + ":/up" + tmp + "/" + marker, tmp.resolve("out3").toString());
    assertThat(Files.readString(tmp.resolve("out3"))).isEqualTo("container-side\n");
  }

  @Test
  void tarStreamsBothWaysAndExport(Docker docker, @TempDir Path tmp) throws Exception {
    var c = name("tar");
    docker.ok("run", "-d", "--name", c, "busybox", "sh", "-c", "echo t > /t; sleep 1000");
    var tarOut = tmp.resolve("t.tar");
    var res = docker.run("cp", c + ":/t", "-");
    assertThat(res.exitCode()).isZero();
    assertThat(res.out()).contains("t\n");
    Files.createDirectories(tmp.resolve("src"));
    Files.writeString(tmp.resolve("src/in"), "streamed\n");
    assertThat(new ProcessBuilder("tar", "-cf", tarOut.toString(), "-C", tmp.resolve("src").toString(), "in")
        .inheritIO().start().waitFor()).isZero();
    var put = docker.runWithStdin(tarOut, "cp", "-", c + ":/tmp");
    assertThat(put.exitCode()).as(put.toString()).isZero();
    assertThat(docker.ok("exec", c, "cat", "/tmp/in").out()).isEqualTo("streamed\n");
    var exported = tmp.resolve("export.tar");
    docker.ok("export", "-o", exported.toString(), c);
    var list = docker.ok("run", "--rm", "-v", tmp + ":/x", "busybox", "tar", "-tf", "/x/export.tar").out();
    assertThat(list.lines().toList()).contains("t", "bin/busybox", "etc/passwd");
  }

  @Test
  void archiveModeFollowLinkAndDockerdsRefusals(Docker docker, @TempDir Path tmp) throws IOException {
    var c = name("modes");
    // like dockerd, --tmpfs mounts are no mount points for the read-only check: use a volume
    docker.ok("run", "-d", "--name", c, "--user", "33:33", "--read-only", "-v", "/scratch", "busybox", "sleep", "1000");
    docker.ok("exec", "-u", "0", c, "sh", "-c", "echo target > /scratch/t; ln -s /scratch/t /scratch/l; mkdir /scratch/dir");
    Files.writeString(tmp.resolve("owned"), "o\n");
    docker.ok("cp", "-a", tmp.resolve("owned").toString(), c + ":/scratch/a");
    docker.ok("cp", tmp.resolve("owned").toString(), c + ":/scratch/plain");
    var owners = docker.ok("exec", c, "stat", "-c", "%n %u:%g", "/scratch/a", "/scratch/plain").out();
    assertThat(owners).contains("/scratch/a 33:33", "/scratch/plain 0:0");
    docker.ok("cp", "-L", c + ":/scratch/l", tmp.resolve("followed").toString());
    assertThat(Files.readString(tmp.resolve("followed"))).isEqualTo("target\n");
    assertThat(Files.isSymbolicLink(tmp.resolve("followed"))).isFalse();
    docker.ok("cp", c + ":/scratch/l", tmp.resolve("kept").toString());
    assertThat(Files.readSymbolicLink(tmp.resolve("kept")).toString()).isEqualTo("/scratch/t");
    Files.createDirectories(tmp.resolve("swap/t"));
    var dirOverFile = docker.run("cp", tmp.resolve("swap").toString() + "/.", c + ":/scratch");
    assertThat(dirOverFile.err()).contains("cannot overwrite non-directory \"/scratch/t\" with directory \"/scratch\"");
    var ro = docker.run("cp", tmp.resolve("owned").toString(), c + ":/etc/");
    assertThat(ro.err()).contains("container rootfs is marked read-only");
    var since = String.valueOf(System.currentTimeMillis() / 1000 - 60);
    docker.ok("export", "-o", tmp.resolve("e.tar").toString(), c);
    var events = docker.ok("events", "--since", since, "--until", String.valueOf(System.currentTimeMillis() / 1000 + 1),
        "--filter", "container=" + c, "--format", "{{.Action}}").out().lines().toList();
    assertThat(events).contains("archive-path", "extract-to-dir", "export");
  }
}
