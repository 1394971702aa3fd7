package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** wait, kill, stop, restart, rename, rm -f and prune, through the CLI and over HTTP. */
@BerthTest
class ContainerLifecycleIT {
  private static final Duration T = Duration.ofSeconds(20);

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  /** A container that exits with {@code code} when it gets {@code signal} (sh traps run between commands). */
  private static String trapping(Docker docker, String signal, int code) {
    String id = docker.ok("run", "-d", "busybox", "sh", "-c",
        "trap 'exit " + code + "' " + signal + "; echo ready; while true; do sleep 0.1; done").stdout();
    Await.until(T, "the trap to be set", () -> docker.ok("logs", id).out().contains("ready"));
    return id;
  }

  @Test
  void waitHeadersArriveAtOnceAndTheBodyWhenTheContainerExits(RawHttp http, Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sleep", "60").stdout();
    try (HttpStream wait = http.open("POST", "/v1.44/containers/" + id + "/wait?condition=next-exit", Map.of(), null, Duration.ofSeconds(5))) {
      // The CLI posts wait before start and blocks on the headers: they must come before the exit.
      assertThat(wait.status()).isEqualTo(200);
      assertThat(wait.header("Content-Type")).startsWith("application/json");
      assertThat(docker.inspect(id).path("State").path("Running").asBoolean()).isTrue();
      docker.ok("kill", id);
      JsonNode body = wait.readAll(T).json();
      assertThat(body.path("StatusCode").asInt()).isEqualTo(137);
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void waitNotRunningReturnsAtOnceForAnExitedContainer(RawHttp http, Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sh", "-c", "exit 7").stdout();
    try {
      assertThat(docker.ok("wait", id).stdout()).isEqualTo("7");
      HttpReply r = http.post("/v1.44/containers/" + id + "/wait");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().path("StatusCode").asInt()).isEqualTo(7);
      r = http.post("/v1.44/containers/" + id + "/wait?condition=not-running");
      assertThat(r.json().path("StatusCode").asInt()).isEqualTo(7);
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void waitNotRunningOnACreatedContainerReturnsAtOnce(RawHttp http, Docker docker) {
    String id = docker.ok("create", "busybox", "true").stdout();
    try {
      HttpReply r = http.post("/v1.44/containers/" + id + "/wait?condition=not-running");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().path("StatusCode").asInt()).isZero();
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void waitNextExitOnAnExitedContainerWaitsForTheNextRun(RawHttp http, Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sh", "-c", "exit 4").stdout();
    try {
      assertThat(docker.ok("wait", id).stdout()).isEqualTo("4");
      try (HttpStream wait = http.open("POST", "/v1.44/containers/" + id + "/wait?condition=next-exit", Map.of(), null, Duration.ofSeconds(5))) {
        assertThat(wait.status()).isEqualTo(200);
        docker.ok("start", id);
        assertThat(wait.readAll(T).json().path("StatusCode").asInt()).isEqualTo(4);
      }
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void waitRemovedReturnsWhenTheContainerIsRemoved(RawHttp http, Docker docker) {
    String id = docker.ok("create", "busybox", "true").stdout();
    try (HttpStream wait = http.open("POST", "/v1.44/containers/" + id + "/wait?condition=removed", Map.of(), null, Duration.ofSeconds(5))) {
      assertThat(wait.status()).isEqualTo(200);
      docker.ok("start", id);
      docker.ok("wait", id);
      docker.ok("rm", id);
      assertThat(wait.readAll(T).json().path("StatusCode").asInt()).isZero();
    }
  }

  @Test
  void runRmWaitsForRemovalAndLeavesNothing(Docker docker) {
    Docker.Result r = docker.run("run", "--rm", "--label", "it=rmwait", "busybox", "sh", "-c", "echo bye; exit 5");
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.out()).isEqualTo("bye\n");
    assertThat(docker.ok("ps", "-a", "-q", "--filter", "label=it=rmwait").stdout()).isEmpty();
  }

  @Test
  void killSendsSignalsByNameAndNumber(Docker docker) {
    for (String[] c : new String[][] {{"TERM", "TERM", "41"}, {"SIGUSR1", "USR1", "42"}, {"10", "USR1", "43"}, {"15", "TERM", "44"}}) {
      String id = trapping(docker, c[1], Integer.parseInt(c[2]));
      try {
        docker.ok("kill", "-s", c[0], id);
        assertThat(docker.ok("wait", id).stdout()).as("kill -s " + c[0]).isEqualTo(c[2]);
        JsonNode state = docker.inspect(id).path("State");
        assertThat(state.path("Status").asText()).isEqualTo("exited");
        assertThat(state.path("ExitCode").asInt()).isEqualTo(Integer.parseInt(c[2]));
      } finally {
        docker.ok("rm", "-f", id);
      }
    }
  }

  @Test
  void killWithoutASignalSendsSigkill(Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sleep", "60").stdout();
    try {
      assertThat(docker.ok("kill", id).stdout()).isEqualTo(id);
      assertThat(docker.ok("wait", id).stdout()).isEqualTo("137");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void stopSendsTheStopSignalThenKillsAfterTheTimeout(Docker docker) {
    String graceful = trapping(docker, "TERM", 143);
    String stubborn = docker.ok("run", "-d", "busybox", "sleep", "60").stdout();
    try {
      docker.ok("stop", graceful);
      assertThat(docker.inspect(graceful).path("State").path("ExitCode").asInt()).isEqualTo(143);
      long t0 = System.nanoTime();
      docker.ok("stop", "-t", "1", stubborn);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
      assertThat(docker.inspect(stubborn).path("State").path("ExitCode").asInt()).isEqualTo(137);
    } finally {
      docker.ok("rm", "-f", graceful, stubborn);
    }
  }

  @Test
  void stopSignalFromCreateIsUsed(Docker docker) {
    String id = docker.ok("run", "-d", "--stop-signal", "USR1", "busybox", "sh", "-c",
        "trap 'exit 30' USR1; echo ready; while true; do sleep 0.1; done").stdout();
    try {
      Await.until(T, "the trap to be set", () -> docker.ok("logs", id).out().contains("ready"));
      assertThat(docker.inspect(id).path("Config").path("StopSignal").asText()).isEqualTo("USR1");
      docker.ok("stop", "-t", "5", id);
      assertThat(docker.inspect(id).path("State").path("ExitCode").asInt()).isEqualTo(30);
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void restartStartsAFreshProcess(Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sleep", "60").stdout();
    try {
      JsonNode before = docker.inspect(id).path("State");
      docker.ok("restart", "-t", "0", id);
      JsonNode after = docker.inspect(id);
      assertThat(after.path("State").path("Status").asText()).isEqualTo("running");
      assertThat(after.path("State").path("Pid").asLong()).isPositive().isNotEqualTo(before.path("Pid").asLong());
      assertThat(java.time.Instant.parse(after.path("State").path("StartedAt").asText()))
          .isAfter(java.time.Instant.parse(before.path("StartedAt").asText()));
      assertThat(after.path("RestartCount").asInt()).isZero();
      assertThat(Files.exists(Path.of("/proc/" + after.path("State").path("Pid").asLong()))).isTrue();
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void restartStartsAStoppedContainer(Docker docker) {
    String id = docker.ok("create", "busybox", "sleep", "60").stdout();
    try {
      docker.ok("restart", id);
      assertThat(docker.inspect(id).path("State").path("Running").asBoolean()).isTrue();
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void renameChangesTheNameAndFreesTheOldOne(Docker docker, RawHttp http) {
    String id = docker.ok("create", "--name", "before-rename", "busybox", "true").stdout();
    String other = docker.ok("create", "--name", "taken-name", "busybox", "true").stdout();
    try {
      docker.ok("rename", "before-rename", "after-rename");
      assertThat(docker.inspect(id).path("Name").asText()).isEqualTo("/after-rename");
      assertThat(http.get("/v1.44/containers/before-rename/json").status()).isEqualTo(404);
      assertThat(http.get("/v1.44/containers/after-rename/json").json().path("Id").asText()).isEqualTo(id);

      HttpReply taken = http.post("/v1.44/containers/" + id + "/rename?name=taken-name");
      assertThat(taken.status()).isEqualTo(409);
      assertThat(taken.message()).isEqualTo("Error when allocating new name: Conflict. The container name \"/taken-name\" is already in use by container \""
          + other + "\". You have to remove (or rename) that container to be able to reuse that name.");
      HttpReply same = http.post("/v1.44/containers/" + id + "/rename?name=after-rename");
      assertThat(same.status()).isEqualTo(400);
      assertThat(same.message()).isEqualTo("Renaming a container with the same name as its current name");
      HttpReply invalid = http.post("/v1.44/containers/" + id + "/rename?name=bad%2Fx");
      assertThat(invalid.status()).isEqualTo(400);
      assertThat(invalid.message()).isEqualTo("Error when allocating new name: Invalid container name (/bad/x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
      // The old name can be used again.
      String reuse = docker.ok("create", "--name", "before-rename", "busybox", "true").stdout();
      docker.ok("rm", reuse);
    } finally {
      docker.ok("rm", "-f", id, other);
    }
  }

  @Test
  void rmForceKillsAndRemovesARunningContainer(Docker docker) {
    String id = docker.ok("run", "-d", "--name", "doomed", "busybox", "sleep", "60").stdout();
    long pid = docker.inspect(id).path("State").path("Pid").asLong();
    assertThat(docker.ok("rm", "-f", "doomed").stdout()).isEqualTo("doomed");
    assertThat(docker.run("container", "inspect", id).exitCode()).isEqualTo(1);
    Await.until(T, "pid " + pid + " to be gone", () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    // The name is free again.
    docker.ok("create", "--name", "doomed", "busybox", "true");
    docker.ok("rm", "doomed");
  }

  @Test
  void containerPruneRemovesStoppedContainersOnly(Docker docker, RawHttp http) {
    String running = docker.ok("run", "-d", "--label", "it=prune", "busybox", "sleep", "60").stdout();
    String exited = docker.ok("run", "-d", "--label", "it=prune", "busybox", "true").stdout();
    String created = docker.ok("create", "--label", "it=prune", "busybox", "true").stdout();
    String unlabelled = docker.ok("create", "busybox", "true").stdout();
    try {
      docker.ok("wait", exited);
      Docker.Result r = docker.ok("container", "prune", "-f", "--filter", "label=it=prune");
      assertThat(r.out()).contains("Deleted Containers:").contains(exited).contains(created).doesNotContain(running).doesNotContain(unlabelled);
      assertThat(docker.run("container", "inspect", exited).exitCode()).isEqualTo(1);
      assertThat(docker.run("container", "inspect", created).exitCode()).isEqualTo(1);
      assertThat(docker.inspect(running).path("State").path("Running").asBoolean()).isTrue();

      HttpReply api = http.post("/v1.44/containers/prune");
      assertThat(api.status()).isEqualTo(200);
      List<String> deleted = Docker.JSON.convertValue(api.json().path("ContainersDeleted"), List.class);
      assertThat(deleted).contains(unlabelled).doesNotContain(running);
      assertThat(api.json().path("SpaceReclaimed").isNumber()).isTrue();
    } finally {
      docker.run("rm", "-f", running, exited, created, unlabelled);
    }
  }

  @Test
  void attachedRunSeparatesStdoutAndStderr(Docker docker) {
    Docker.Result r = docker.run("run", "--rm", "busybox", "sh", "-c", "echo to-out; echo to-err >&2; exit 2");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEqualTo("to-out\n");
    assertThat(r.err()).isEqualTo("to-err\n");
  }

  @Test
  void runPassesStdinWhenInteractive(Docker docker) throws Exception {
    Path input = Files.createTempFile("stdin", ".txt");
    try {
      Files.writeString(input, "from-stdin\nline2\n");
      Docker.Result r = docker.runWithStdin(input, "run", "--rm", "-i", "busybox", "sh", "-c", "cat; echo done");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).isEqualTo("from-stdin\nline2\ndone\n");
    } finally {
      Files.deleteIfExists(input);
    }
  }
}
