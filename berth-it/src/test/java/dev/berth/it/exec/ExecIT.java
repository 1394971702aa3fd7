package dev.berth.it.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.Await;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import dev.berth.it.RawHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker exec through the real CLI and over the wire, against one running container. */
@BerthTest
class ExecIT {
  private static final Duration T = Duration.ofSeconds(20);
  private static String box;

  @BeforeAll
  static void runningContainer(BerthDaemon daemon, Docker docker) {
    daemon.ensureBusybox();
    box = docker.ok("run", "-d", "--name", "exec-it-" + UUID.randomUUID().toString().substring(0, 8), "busybox",
        "sleep", "1000").stdout();
  }

  @AfterAll
  static void removeIt(Docker docker) {
    if (box != null) docker.ok("rm", "-f", box);
  }

  @Test
  void execSeparatesStdoutAndStderrAndReturnsTheExitCode(Docker docker) {
    var r = docker.run("exec", box, "sh", "-c", "echo out; echo err >&2; exit 3");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.out()).isEqualTo("out\n");
    assertThat(r.err()).isEqualTo("err\n");
  }

  @Test
  void stdinReachesTheProcessAndItsEndIsEof(Docker docker) throws IOException {
    var in = Files.createTempFile("exec-stdin", ".txt");
    try {
      Files.writeString(in, "line one\nline two\n");
      var r = docker.runWithStdin(in, "exec", "-i", box, "sh", "-c", "cat; echo done");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).isEqualTo("line one\nline two\ndone\n");
    } finally {
      Files.delete(in);
    }
  }

  @Test
  void envWorkdirAndUserApply(Docker docker) {
    var r = docker.ok("exec", "-e", "FOO=bar", "-w", "/tmp", "-u", "1000:1001", box, "sh", "-c", "echo $FOO; pwd; id -u; id -g");
    assertThat(r.out()).isEqualTo("bar\n/tmp\n1000\n1001\n");
    assertThat(docker.ok("exec", "-u", "nobody", box, "id", "-un").stdout()).isEqualTo("nobody");
  }

  @Test
  void privilegedGetsMoreCapabilities(Docker docker) {
    var plain = docker.ok("exec", box, "grep", "CapEff", "/proc/self/status").stdout();
    var privileged = docker.ok("exec", "--privileged", box, "grep", "CapEff", "/proc/self/status").stdout();
    assertThat(plain).isNotEqualTo(privileged);
    assertThat(Long.parseLong(privileged.split("\\s+")[1], 16)).isGreaterThan(Long.parseLong(plain.split("\\s+")[1], 16));
  }

  @Test
  void ttyExecGetsAPty(Docker docker) {
    var r = docker.ok("exec", "-t", box, "tty");
    assertThat(r.stdout()).startsWith("/dev/pts/");
  }

  @Test
  void aMissingExecutableGives126(Docker docker) {
    var r = docker.run("exec", box, "no-such-command");
    assertThat(r.exitCode()).isEqualTo(126);
    assertThat(r.out() + r.err()).contains("executable file not found");
  }

  @Test
  void detachedExecRecordsItsExitCodeAndCannotStartTwice(RawHttp http) {
    var created = http.postJson("/v1.44/containers/" + box + "/exec", "{\"Cmd\":[\"sh\",\"-c\",\"exit 5\"]}");
    assertThat(created.status()).isEqualTo(201);
    var id = created.json().path("Id").asText();
    assertThat(http.postJson("/v1.44/exec/" + id + "/start", "{\"Detach\":true}").status()).isEqualTo(200);
    Await.until(T, "exec exit recorded", () -> http.get("/v1.44/exec/" + id + "/json").json().path("ExitCode").asInt(-1) == 5);
    var info = http.get("/v1.44/exec/" + id + "/json").json();
    assertThat(info.path("Running").asBoolean()).isFalse();
    assertThat(info.path("ContainerID").asText()).isEqualTo(box);
    assertThat(info.path("ProcessConfig").path("entrypoint").asText()).isEqualTo("sh");
    assertThat(info.path("Pid").asInt()).isPositive();
    var resize = http.post("/v1.44/exec/" + id + "/resize?h=10&w=20");
    assertThat(resize.status()).isEqualTo(404); // dockerd: the runtime no longer has the process
    assertThat(resize.message()).isEqualTo("no such exec");
    var again = http.postJson("/v1.44/exec/" + id + "/start", "{\"Detach\":true}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.message()).isEqualTo("Error: Exec command " + id + " has already run");
  }

  @Test
  void unknownExecIs404AndAStoppedContainerIs409(RawHttp http, Docker docker) {
    var r = http.get("/v1.44/exec/nope/json");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.message()).isEqualTo("No such exec instance: nope");
    var stopped = docker.ok("create", "busybox", "true").stdout();
    try {
      var c = http.postJson("/v1.44/containers/" + stopped + "/exec", "{\"Cmd\":[\"true\"]}");
      assertThat(c.status()).isEqualTo(409);
      assertThat(c.message()).isEqualTo("container " + stopped + " is not running");
      var cli = docker.run("exec", stopped, "true");
      assertThat(cli.exitCode()).isNotZero();
      assertThat(cli.err()).contains("is not running");
    } finally {
      docker.ok("rm", "-f", stopped);
    }
  }
}
