package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Error statuses and dockerd's exact texts, over HTTP and as the CLI prints them. */
@BerthTest
class ErrorsIT {

  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  @Test
  void unknownContainerIs404NoSuchContainer(RawHttp http, Docker docker) {
    for (String path : new String[] {"/v1.44/containers/nope/json", "/containers/nope/json"}) {
      HttpReply r = http.get(path);
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.message()).isEqualTo("No such container: nope");
    }
    for (String[] op : new String[][] {{"POST", "/v1.44/containers/nope/start"}, {"POST", "/v1.44/containers/nope/stop"},
        {"POST", "/v1.44/containers/nope/kill"}, {"POST", "/v1.44/containers/nope/wait"}, {"DELETE", "/v1.44/containers/nope"},
        {"GET", "/v1.44/containers/nope/logs?stdout=1"}, {"POST", "/v1.44/containers/nope/restart"},
        {"POST", "/v1.44/containers/nope/rename?name=xx"}}) {
      HttpReply r = http.send(op[0], op[1], Map.of(), null);
      assertThat(r.status()).as(op[0] + " " + op[1]).isEqualTo(404);
      // dockerd prefixes some ("Cannot kill container: nope: …"); clients match the tail.
      assertThat(r.message()).as(op[0] + " " + op[1]).endsWith("No such container: nope");
    }
    Docker.Result rm = docker.run("rm", "nope");
    assertThat(rm.exitCode()).isEqualTo(1);
    assertThat(rm.err()).contains("Error response from daemon: No such container: nope");
    Docker.Result inspect = docker.run("container", "inspect", "nope");
    assertThat(inspect.exitCode()).isEqualTo(1);
    assertThat(inspect.err()).contains("No such container: nope");
  }

  @Test
  void duplicateNameIs409WithTheIdOfTheHolder(RawHttp http, Docker docker) {
    String id = docker.ok("create", "--name", "dup", "busybox", "true").stdout();
    try {
      HttpReply r = http.postJson("/v1.44/containers/create?name=dup", "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}");
      assertThat(r.status()).isEqualTo(409);
      assertThat(r.message()).isEqualTo("Conflict. The container name \"/dup\" is already in use by container \"" + id
          + "\". You have to remove (or rename) that container to be able to reuse that name.");
      Docker.Result cli = docker.run("run", "--name", "dup", "busybox", "true");
      assertThat(cli.exitCode()).isEqualTo(125);
      assertThat(cli.err()).contains("Conflict. The container name \"/dup\" is already in use by container \"" + id + "\"");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void malformedJsonIs400NeverA500(RawHttp http) {
    for (String body : new String[] {"{bad", "[1,2", "{\"Image\": 42, \"Cmd\": \"x\"", "null x", ""}) {
      HttpReply r = http.postJson("/v1.44/containers/create", body);
      assertThat(r.status()).as("body " + body).isEqualTo(400);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.message()).as("body " + body).isNotBlank();
    }
    HttpReply r = http.postJson("/v1.44/containers/create", "{bad");
    assertThat(r.message()).startsWith("invalid JSON");
    assertThat(http.get("/_ping").status()).isEqualTo(200);
  }

  @Test
  void wrongJsonTypesAre400(RawHttp http) {
    HttpReply r = http.postJson("/v1.44/containers/create", "{\"Image\":\"busybox\",\"Cmd\":{\"a\":1}}");
    assertThat(r.status()).isEqualTo(400);
    r = http.postJson("/v1.44/containers/create", "{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":\"lots\"}}");
    assertThat(r.status()).isEqualTo(400);
  }

  @Test
  void invalidContainerNameIs400(RawHttp http, Docker docker) {
    String name = URLEncoder.encode("bad/name", StandardCharsets.UTF_8);
    HttpReply r = http.postJson("/v1.44/containers/create?name=" + name, "{\"Image\":\"busybox\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).isEqualTo("Invalid container name (bad/name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    Docker.Result cli = docker.run("run", "--name", ".x", "busybox", "true");
    assertThat(cli.exitCode()).isEqualTo(125);
    assertThat(cli.err()).contains("Invalid container name (.x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
  }

  @Test
  void unknownImageIs404NoSuchImage(RawHttp http) {
    HttpReply r = http.postJson("/v1.44/containers/create", "{\"Image\":\"nosuchimage\"}");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.message()).isEqualTo("No such image: nosuchimage:latest");
    r = http.get("/v1.44/images/nosuchimage/json");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.message()).isEqualTo("No such image: nosuchimage:latest");
  }

  @Test
  void startOnARunningContainerIs304AndStopOnAStoppedOneToo(RawHttp http, Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sleep", "60").stdout();
    try {
      HttpReply again = http.post("/v1.44/containers/" + id + "/start");
      assertThat(again.status()).isEqualTo(304);
      assertThat(again.body()).isEmpty();
      Docker.Result cli = docker.run("start", id);
      assertThat(cli.exitCode()).as(cli.toString()).isZero();
      assertThat(http.post("/v1.44/containers/" + id + "/stop?t=0").status()).isEqualTo(204);
      HttpReply stopped = http.post("/v1.44/containers/" + id + "/stop?t=0");
      assertThat(stopped.status()).isEqualTo(304);
      assertThat(stopped.body()).isEmpty();
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void removingARunningContainerIs409UnlessForced(RawHttp http, Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sleep", "60").stdout();
    try {
      HttpReply r = http.delete("/v1.44/containers/" + id);
      assertThat(r.status()).isEqualTo(409);
      assertThat(r.message()).contains("running").contains("force");
      assertThat(docker.inspect(id).path("State").path("Running").asBoolean()).isTrue();
    } finally {
      assertThat(http.delete("/v1.44/containers/" + id + "?force=1").status()).isEqualTo(204);
    }
    assertThat(http.get("/v1.44/containers/" + id + "/json").status()).isEqualTo(404);
  }

  @Test
  void badParametersAre400WithDockerdsText(RawHttp http, Docker docker) {
    String id = docker.ok("create", "busybox", "true").stdout();
    try {
      // The signal is checked before the container's state (moby 28: daemon/kill.go, wrapped by the router).
      HttpReply kill = http.post("/v1.44/containers/" + id + "/kill?signal=FOO");
      assertThat(kill.status()).isEqualTo(400);
      assertThat(kill.message()).isEqualTo("cannot kill container: " + id + ": Invalid signal: FOO");
      HttpReply logs = http.get("/v1.44/containers/" + id + "/logs");
      assertThat(logs.status()).isEqualTo(400);
      assertThat(logs.message()).isEqualTo("Bad parameters: you must choose at least one stream");
      HttpReply wait = http.post("/v1.44/containers/" + id + "/wait?condition=bogus");
      assertThat(wait.status()).isEqualTo(400);
      String filter = URLEncoder.encode("{\"bogus\":{\"x\":true}}", StandardCharsets.UTF_8);
      HttpReply ps = http.get("/v1.44/containers/json?filters=" + filter);
      assertThat(ps.status()).isEqualTo(400);
      assertThat(ps.message()).isEqualTo("invalid filter 'bogus'");
      HttpReply badFilterJson = http.get("/v1.44/containers/json?filters=" + URLEncoder.encode("{nope", StandardCharsets.UTF_8));
      assertThat(badFilterJson.status()).isEqualTo(400);
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void invalidSignalOnARunningContainerIs400(RawHttp http, Docker docker) {
    String id = docker.ok("run", "-d", "busybox", "sleep", "60").stdout();
    try {
      HttpReply kill = http.post("/v1.44/containers/" + id + "/kill?signal=FOO");
      assertThat(kill.status()).isEqualTo(400);
      assertThat(kill.message()).isEqualTo("cannot kill container: " + id + ": Invalid signal: FOO");
      Docker.Result cli = docker.run("kill", "-s", "FOO", id);
      assertThat(cli.exitCode()).isEqualTo(1);
      assertThat(cli.err()).contains("Invalid signal: FOO");
      assertThat(docker.inspect(id).path("State").path("Running").asBoolean()).isTrue();
    } finally {
      docker.ok("rm", "-f", id);
    }
  }

  @Test
  void killingAStoppedContainerIs409NotRunning(RawHttp http, Docker docker) {
    String id = docker.ok("create", "busybox", "true").stdout();
    try {
      HttpReply r = http.post("/v1.44/containers/" + id + "/kill");
      assertThat(r.status()).isEqualTo(409);
      assertThat(r.message()).isEqualTo("cannot kill container: " + id + ": container " + id + " is not running");
    } finally {
      docker.ok("rm", "-f", id);
    }
  }
}
