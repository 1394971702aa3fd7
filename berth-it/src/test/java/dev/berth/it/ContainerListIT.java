package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker ps: -a, -q, -n, -l, -s, --no-trunc and the filters, on five containers made in a known
 * order and state (this class's daemon holds no others).
 */
@BerthTest
class ContainerListIT {
  /** name → id, in creation order. */
  private static final Map<String, String> IDS = new LinkedHashMap<>();
  private static String imageId;

  @BeforeAll
  static void containers(BerthDaemon daemon, Docker docker) {
    daemon.ensureBusybox();
    imageId = docker.inspect("busybox").path("Id").asText();
    IDS.put("ls-exit0", docker.ok("run", "-d", "--name", "ls-exit0", "--label", "tier=batch", "busybox", "true").stdout());
    docker.ok("wait", "ls-exit0");
    IDS.put("ls-exit3", docker.ok("run", "-d", "--name", "ls-exit3", "--label", "tier=web", "busybox", "sh", "-c", "exit 3").stdout());
    docker.ok("wait", "ls-exit3");
    IDS.put("ls-web", docker.ok("run", "-d", "--name", "ls-web", "--label", "tier=web", "--label", "front", "busybox", "sleep", "300").stdout());
    IDS.put("ls-db", docker.ok("run", "-d", "--name", "ls-db", "--label", "tier=db", "busybox", "sleep", "300").stdout());
    IDS.put("ls-new", docker.ok("create", "--name", "ls-new", "busybox", "true").stdout());
  }

  @AfterAll
  static void cleanUp(Docker docker) {
    List<String> args = new ArrayList<>(List.of("rm", "-f"));
    args.addAll(IDS.values());
    docker.run(args.toArray(String[]::new));
    IDS.clear();
  }

  private static List<String> names(Docker docker, String... args) {
    List<String> cmd = new ArrayList<>(List.of("ps", "--format", "{{.Names}}"));
    cmd.addAll(List.of(args));
    return docker.ok(cmd.toArray(String[]::new)).out().lines().toList();
  }

  @Test
  void psListsRunningContainersNewestFirst(Docker docker) {
    assertThat(names(docker)).containsExactly("ls-db", "ls-web");
  }

  @Test
  void psAllListsEveryContainerNewestFirst(Docker docker) {
    assertThat(names(docker, "-a")).containsExactly("ls-new", "ls-db", "ls-web", "ls-exit3", "ls-exit0");
  }

  @Test
  void psQuietPrintsShortIdsAndNoTruncFullOnes(Docker docker) {
    assertThat(docker.ok("ps", "-q").out().lines().toList())
        .containsExactly(IDS.get("ls-db").substring(0, 12), IDS.get("ls-web").substring(0, 12));
    assertThat(docker.ok("ps", "-a", "-q", "--no-trunc").out().lines().toList())
        .containsExactlyElementsOf(IDS.values().stream().toList().reversed());
  }

  @Test
  void psLastAndLatestCountCreatedContainersToo(Docker docker) {
    assertThat(names(docker, "-n", "2")).containsExactly("ls-new", "ls-db");
    assertThat(names(docker, "-l")).containsExactly("ls-new");
  }

  @Test
  void psRowsCarryStateStatusCommandAndLabels(Docker docker) {
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    for (JsonNode row : docker.jsonLines("ps", "-a", "--format", "{{json .}}")) {
      rows.put(row.path("Names").asText(), row);
    }
    assertThat(rows.get("ls-web").path("State").asText()).isEqualTo("running");
    assertThat(rows.get("ls-web").path("Status").asText()).startsWith("Up ");
    assertThat(rows.get("ls-web").path("Command").asText()).isEqualTo("\"sleep 300\"");
    assertThat(rows.get("ls-web").path("Labels").asText()).contains("tier=web").contains("front=");
    assertThat(rows.get("ls-web").path("Image").asText()).isEqualTo("busybox");
    assertThat(rows.get("ls-exit3").path("State").asText()).isEqualTo("exited");
    assertThat(rows.get("ls-exit3").path("Status").asText()).matches("Exited \\(3\\) .* ago");
    assertThat(rows.get("ls-exit0").path("Status").asText()).matches("Exited \\(0\\) .* ago");
    assertThat(rows.get("ls-new").path("State").asText()).isEqualTo("created");
    assertThat(rows.get("ls-new").path("Status").asText()).isEqualTo("Created");
  }

  @Test
  void psSizeReportsSizes(Docker docker) {
    for (JsonNode row : docker.jsonLines("ps", "-s", "--format", "{{json .}}")) {
      assertThat(row.path("Size").asText()).matches("[0-9.]+k?M?B \\(virtual [0-9.]+[kMG]?B\\)");
    }
  }

  @Test
  void filterById(Docker docker) {
    assertThat(names(docker, "-a", "--filter", "id=" + IDS.get("ls-exit3").substring(0, 8))).containsExactly("ls-exit3");
    assertThat(names(docker, "-a", "--filter", "id=" + IDS.get("ls-web"))).containsExactly("ls-web");
  }

  @Test
  void filterByNameMatchesSubstringsAndRegexes(Docker docker) {
    assertThat(names(docker, "-a", "--filter", "name=exit")).containsExactly("ls-exit3", "ls-exit0");
    assertThat(names(docker, "-a", "--filter", "name=^/?ls-w")).containsExactly("ls-web");
    assertThat(names(docker, "-a", "--filter", "name=ls-db", "--filter", "name=ls-new")).containsExactly("ls-new", "ls-db");
  }

  @Test
  void filterByLabelKeyAndValue(Docker docker) {
    assertThat(names(docker, "-a", "--filter", "label=tier=web")).containsExactly("ls-web", "ls-exit3");
    assertThat(names(docker, "-a", "--filter", "label=front")).containsExactly("ls-web");
    assertThat(names(docker, "-a", "--filter", "label=tier")).containsExactly("ls-db", "ls-web", "ls-exit3", "ls-exit0");
    // Several label filters must all match.
    assertThat(names(docker, "-a", "--filter", "label=tier=web", "--filter", "label=front")).containsExactly("ls-web");
  }

  @Test
  void filterByStatus(Docker docker) {
    assertThat(names(docker, "-a", "--filter", "status=exited")).containsExactly("ls-exit3", "ls-exit0");
    assertThat(names(docker, "-a", "--filter", "status=created")).containsExactly("ls-new");
    assertThat(names(docker, "-a", "--filter", "status=running")).containsExactly("ls-db", "ls-web");
    Docker.Result bad = docker.run("ps", "-a", "--filter", "status=sleepy");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("invalid filter 'status=sleepy'");
  }

  @Test
  void filterByExitCode(Docker docker) {
    assertThat(names(docker, "-a", "--filter", "exited=3")).containsExactly("ls-exit3");
    assertThat(names(docker, "-a", "--filter", "exited=0")).containsExactly("ls-exit0");
  }

  @Test
  void filterByAncestor(Docker docker) {
    assertThat(names(docker, "-a", "--filter", "ancestor=busybox")).hasSize(5);
    assertThat(names(docker, "-a", "--filter", "ancestor=busybox:latest")).hasSize(5);
    assertThat(names(docker, "-a", "--filter", "ancestor=" + imageId)).hasSize(5);
    assertThat(names(docker, "-a", "--filter", "ancestor=" + imageId.substring(7, 19))).hasSize(5);
  }

  @Test
  void filterBeforeAndSince(Docker docker) {
    assertThat(names(docker, "-a", "--filter", "before=ls-web")).containsExactly("ls-exit3", "ls-exit0");
    assertThat(names(docker, "-a", "--filter", "since=ls-web")).containsExactly("ls-new", "ls-db");
    // before/since take a name or a full id (dockerd does not resolve id prefixes here).
    assertThat(names(docker, "-a", "--filter", "since=" + IDS.get("ls-exit3"), "--filter", "before=ls-new"))
        .containsExactly("ls-db", "ls-web");
  }

  @Test
  void listOverHttpAcceptsBothFilterShapes(RawHttp http) {
    String mapForm = URLEncoder.encode("{\"label\":{\"tier=web\":true}}", StandardCharsets.UTF_8);
    String listForm = URLEncoder.encode("{\"label\":[\"tier=web\"]}", StandardCharsets.UTF_8);
    for (String f : new String[] {mapForm, listForm}) {
      HttpReply r = http.get("/v1.44/containers/json?all=1&filters=" + f);
      assertThat(r.status()).isEqualTo(200);
      List<String> ids = new ArrayList<>();
      r.json().forEach(c -> ids.add(c.path("Id").asText()));
      assertThat(ids).containsExactly(IDS.get("ls-web"), IDS.get("ls-exit3"));
    }
  }

  @Test
  void listItemsHaveDockerdsShape(RawHttp http) {
    HttpReply r = http.get("/v1.44/containers/json");
    assertThat(r.status()).isEqualTo(200);
    JsonNode web = null;
    for (JsonNode c : r.json()) {
      if (c.path("Id").asText().equals(IDS.get("ls-web"))) {
        web = c;
      }
    }
    assertThat(web).isNotNull();
    assertThat(web.path("Names").get(0).asText()).isEqualTo("/ls-web");
    assertThat(web.path("Image").asText()).isEqualTo("busybox");
    assertThat(web.path("ImageID").asText()).isEqualTo(imageId);
    assertThat(web.path("Command").asText()).isEqualTo("sleep 300");
    assertThat(web.path("Created").isIntegralNumber()).isTrue();
    assertThat(web.path("Created").asLong()).isBetween(System.currentTimeMillis() / 1000 - 600, System.currentTimeMillis() / 1000 + 5);
    assertThat(web.path("State").asText()).isEqualTo("running");
    assertThat(web.path("Status").asText()).startsWith("Up ");
    assertThat(web.path("Labels").path("tier").asText()).isEqualTo("web");
    assertThat(web.path("Ports").isArray()).isTrue();
    assertThat(web.path("Mounts").isArray()).isTrue();
    assertThat(web.path("HostConfig").path("NetworkMode").isTextual()).isTrue();
  }
}
