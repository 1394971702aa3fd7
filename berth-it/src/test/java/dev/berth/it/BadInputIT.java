package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed requests get a 4xx with a JSON message: never a 500, never a dead daemon. */
@BerthTest
class BadInputIT {
  private static String id;

  @BeforeAll
  static void container(BerthDaemon daemon, Docker docker) {
    daemon.ensureBusybox();
    id = docker.ok("create", "--name", "bad-input", "busybox", "true").stdout();
  }

  @AfterAll
  static void cleanUp(Docker docker) {
    docker.run("rm", "-f", "bad-input");
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Each request must be refused cleanly: a 4xx with {"message": "..."}. */
  private static void assertRefused(RawHttp http, List<String[]> requests) {
    List<String> wrong = new ArrayList<>();
    for (String[] r : requests) {
      byte[] body = r.length > 2 ? r[2].getBytes(StandardCharsets.UTF_8) : null;
      Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", r.length > 3 ? r[3] : "application/json");
      HttpReply reply = http.send(r[0], r[1], headers, body);
      boolean ok = reply.status() >= 400 && reply.status() < 500;
      if (ok) {
        try {
          ok = !reply.message().isBlank();
        } catch (AssertionError e) {
          ok = false;
        }
      }
      if (!ok) {
        wrong.add(r[0] + " " + r[1] + (body == null ? "" : " " + r[2]) + " → " + reply.status() + " " + reply.text().strip());
      }
    }
    assertThat(wrong).as("requests not refused with a 4xx JSON error").isEmpty();
  }

  @Test
  void badCreateBodiesAre4xx(RawHttp http) {
    String create = "/v1.44/containers/create";
    assertRefused(http, List.of(
        new String[] {"POST", create, "{\"Image\":\"busybox\",\"Cmd\":42}"},
        new String[] {"POST", create, "{\"Image\":\"busybox\",\"Env\":{\"A\":\"b\"}}"},
        new String[] {"POST", create, "{\"Image\":\"busybox\",\"HostConfig\":\"none\"}"},
        new String[] {"POST", create, "{\"Image\":\"busybox\",\"Labels\":[\"a\"]}"},
        new String[] {"POST", create, "{\"Image\":\"busybox\",\"StopTimeout\":\"soon\"}"},
        new String[] {"POST", create, "{\"Image\":\"\"}"},
        new String[] {"POST", create, "{\"Image\":\"UPPER\"}"},
        new String[] {"POST", create, "{\"Image\":\"a@@b\"}"},
        new String[] {"POST", create, "[]"},
        new String[] {"POST", create, "\"just a string\""},
        new String[] {"POST", create, "{\"Image\":\"busybox\"}", "text/plain"},
        new String[] {"POST", create + "?name=" + q("x".repeat(300) + "/"), "{\"Image\":\"busybox\"}"},
        new String[] {"POST", create + "?name=" + q("a b"), "{\"Image\":\"busybox\"}"}));
  }

  @Test
  void badQueryParametersAre4xx(RawHttp http) {
    assertRefused(http, List.of(
        new String[] {"GET", "/v1.44/containers/json?filters=" + q("{\"label\":")},
        new String[] {"GET", "/v1.44/containers/json?filters=" + q("[1,2]")},
        new String[] {"GET", "/v1.44/containers/json?filters=" + q("{\"status\":{\"sleepy\":true}}")},
        new String[] {"GET", "/v1.44/containers/json?limit=lots"},
        new String[] {"GET", "/v1.44/images/json?filters=" + q("{\"bogus\":[\"1\"]}")},
        new String[] {"GET", "/v1.44/containers/" + id + "/logs?stdout=1&since=yesterday"},
        new String[] {"POST", "/v1.44/containers/" + id + "/stop?t=soon"},
        new String[] {"POST", "/v1.44/containers/" + id + "/kill?signal=99999"},
        new String[] {"POST", "/v1.44/containers/" + id + "/kill?signal=SIGNOPE"},
        new String[] {"POST", "/v1.44/containers/" + id + "/wait?condition=whenever"},
        new String[] {"POST", "/v1.44/containers/" + id + "/rename"},
        new String[] {"POST", "/v1.44/containers/prune?filters=" + q("{\"bogus\":[\"1\"]}")},
        new String[] {"DELETE", "/v1.44/images/UPPER"},
        new String[] {"POST", "/v1.44/images/busybox/tag?repo=" + q("UPPER")},
        new String[] {"GET", "/v1.44/containers/" + q("../../etc") + "/json"}));
  }

  @Test
  void loadingSomethingThatIsNotAnImageArchiveFailsCleanly(Docker docker, @TempDir Path tmp) throws Exception {
    Path junk = tmp.resolve("junk.tar");
    Files.writeString(junk, "this is not a tar");
    Docker.Result r = docker.run("load", "-i", junk.toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void theDaemonIsFineAfterwards(RawHttp http, Docker docker) {
    assertThat(http.get("/_ping").status()).isEqualTo(200);
    assertThat(docker.inspect("bad-input").path("Id").asText()).isEqualTo(id);
    Docker.Result r = docker.run("run", "--rm", "busybox", "echo", "still fine");
    assertThat(r.out()).isEqualTo("still fine\n");
  }
}
