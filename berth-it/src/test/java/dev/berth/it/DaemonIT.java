package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berthd as a process: flags, daemon.json, the socket, the pidfile, one daemon per data root, clean shutdown. */
@BerthTest
class DaemonIT {

  @Test
  void socketIsMode0660(Daemons daemons) throws Exception {
    BerthDaemon d = daemons.start();
    int mode = (int) Files.getAttribute(d.socket(), "unix:mode");
    assertThat(mode & 0170000).as("file type is socket").isEqualTo(0140000);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.socket()))).isEqualTo("rw-rw----");
    assertThat(Files.getOwner(d.socket()).getName()).isEqualTo("root");
    boolean dockerGroup = Files.readAllLines(Path.of("/etc/group")).stream().anyMatch(l -> l.startsWith("docker:"));
    Object group = Files.getAttribute(d.socket(), "posix:group");
    assertThat(group.toString()).isEqualTo(dockerGroup ? "docker" : "root");
  }

  @Test
  void pidfileHoldsThePidAndSigtermShutsDownCleanly(Daemons daemons) throws Exception {
    BerthDaemon d = daemons.start();
    assertThat(Files.readString(d.pidFile()).strip()).isEqualTo(Long.toString(d.pid()));
    assertThat(d.stop()).isZero();
    assertThat(d.pidFile()).doesNotExist();
    assertThat(d.socket()).doesNotExist();
    // It starts again on the same dirs.
    d.start();
    assertThat(d.http().get("/_ping").status()).isEqualTo(200);
  }

  @Test
  void sighupAndSigintWorkWhenStartedWithThemIgnored(Daemons daemons) throws Exception {
    // nohup ignores SIGHUP and a script's background job SIGINT; dockerd (Go) handles both anyway
    BerthDaemon d = daemons.create().launchedUnder("nohup", "sh", "-c", "trap '' INT; exec \"$@\"", "sh").start();
    long mark = d.mark("HUP");
    assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(d.pid())).start().waitFor()).isZero();
    Await.until(Duration.ofSeconds(30), "the reload", () -> d.logSince(mark).contains("Got signal to reload configuration"));
    assertThat(new ProcessBuilder("kill", "-INT", Long.toString(d.pid())).start().waitFor()).isZero();
    Await.until(Duration.ofSeconds(30), "berthd to stop on SIGINT", () -> !d.isRunning());
    assertThat(d.logSince(mark)).contains("Processing signal 'interrupt'").contains("Daemon shutdown complete");
  }

  @Test
  void secondDaemonOnTheSameDataRootIsRefused(Daemons daemons) {
    BerthDaemon first = daemons.start();
    BerthDaemon second = daemons.createOnDataRootOf(first);
    BerthDaemon.Exited refused = second.runExpectingRefusal(List.of());
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains(first.dataRoot().toString());
    assertThat(refused.output()).doesNotContain("Exception in thread").doesNotContain("\tat ");
    // The first daemon is unharmed.
    assertThat(first.http().get("/_ping").status()).isEqualTo(200);
    assertThat(first.isRunning()).isTrue();
  }

  @Test
  void unknownDaemonJsonKeyIsRefusedWithDockerdsMessage(Daemons daemons, @TempDir Path tmp) throws Exception {
    Path config = tmp.resolve("daemon.json");
    Files.writeString(config, "{\"bogus-key\": 1}");
    BerthDaemon d = daemons.create();
    BerthDaemon.Exited refused = d.runExpectingRefusal(List.of("--config-file", config.toString()));
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains("unable to configure the Docker daemon with file " + config
        + ": the following directives don't match any configuration option: bogus-key");
  }

  @Test
  void malformedDaemonJsonIsRefused(Daemons daemons, @TempDir Path tmp) throws Exception {
    Path config = tmp.resolve("daemon.json");
    Files.writeString(config, "{\"debug\": ");
    BerthDaemon.Exited refused = daemons.create().runExpectingRefusal(List.of("--config-file", config.toString()));
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains("unable to configure the Docker daemon with file " + config);
  }

  @Test
  void knownDaemonJsonKeysAndLoggingFlagsAreAccepted(Daemons daemons, @TempDir Path tmp) throws Exception {
    Path config = tmp.resolve("daemon.json");
    Files.writeString(config, "{\"live-restore\": true, \"log-level\": \"debug\"}");
    BerthDaemon d = daemons.start("--config-file", config.toString());
    assertThat(d.http().get("/_ping").status()).isEqualTo(200);
    BerthDaemon debug = daemons.start("-D");
    assertThat(debug.http().get("/_ping").status()).isEqualTo(200);
    BerthDaemon quiet = daemons.start("--log-level", "warn");
    assertThat(quiet.http().get("/_ping").status()).isEqualTo(200);
  }

  @Test
  void unknownFlagIsRefused(Daemons daemons) {
    BerthDaemon.Exited refused = daemons.create().runExpectingRefusal(List.of("--no-such-flag"));
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains("--no-such-flag");
  }

  @Test
  void daemonSurvivesAClientThatDisconnectsMidStream(Daemons daemons) {
    BerthDaemon d = daemons.start().ensureBusybox();
    String id = d.docker().ok("run", "-d", "busybox", "sh", "-c", "while true; do echo x; sleep 0.1; done").stdout();
    try {
      for (int i = 0; i < 5; i++) {
        try (DockerStream follow = d.docker().start("logs", "-f", id)) {
          follow.awaitLines(Duration.ofSeconds(10), 1);
        }
      }
      assertThat(d.http().get("/_ping").status()).isEqualTo(200);
    } finally {
      d.docker().ok("rm", "-f", id);
    }
  }
}
