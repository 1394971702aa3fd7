package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local images: load (docker-save, OCI layout, gzip), save, tag, rmi, import, history, images filters, prune. */
@BerthTest
class ImagesIT {
  private static String busyboxId;

  @BeforeAll
  static void load(BerthDaemon daemon, Docker docker) {
    daemon.ensureBusybox();
    busyboxId = docker.inspect("busybox").path("Id").asText();
  }

  private static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String shortId(String id) {
    return id.substring(7, 19);
  }

  /** A tar of a root filesystem with one file, for docker import. */
  private static Path rootfs(Path dir, String name, String content) {
    Path tar = dir.resolve(name);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("hello.txt", content.getBytes(StandardCharsets.UTF_8));
    Fixture.writeTar(files, tar, false);
    return tar;
  }

  @Test
  void loadedDockerSaveArchiveKeepsItsIdAndTag(Docker docker) {
    assertThat(busyboxId).isEqualTo(Fixture.imageId(Fixture.busyboxTar()));
    JsonNode img = docker.inspect("busybox");
    assertThat(strings(img.path("RepoTags"))).contains("busybox:latest");
    assertThat(img.path("Os").asText()).isEqualTo("linux");
    assertThat(img.path("Architecture").asText()).isEqualTo("amd64");
    assertThat(img.path("RootFS").path("Type").asText()).isEqualTo("layers");
    assertThat(img.path("RootFS").path("Layers").size()).isPositive();
    assertThat(img.path("Size").asLong()).isPositive();
    // dockerd always writes the config's strings, empty ones included.
    assertThat(img.path("Config").path("WorkingDir").isTextual()).as("Config.WorkingDir " + img.path("Config")).isTrue();
    // References resolve as dockerd normalizes them.
    for (String ref : new String[] {"busybox", "busybox:latest", "docker.io/library/busybox:latest", "library/busybox",
        busyboxId, busyboxId.substring(7), shortId(busyboxId)}) {
      assertThat(docker.inspect(ref).path("Id").asText()).as(ref).isEqualTo(busyboxId);
    }
  }

  @Test
  void loadingAgainIsIdempotent(Docker docker) {
    Docker.Result r = docker.ok("load", "-i", Fixture.busyboxTar().toString());
    assertThat(r.out()).contains("Loaded image: busybox:latest");
    assertThat(docker.inspect("busybox").path("Id").asText()).isEqualTo(busyboxId);
  }

  @Test
  void loadsOciLayoutAndGzippedArchives(Daemons daemons, @TempDir Path tmp) {
    Docker docker = daemons.start().docker();
    Path oci = tmp.resolve("oci.tar");
    Fixture.ociLayout(Fixture.busyboxTar(), oci, "busybox:oci");
    Docker.Result r = docker.ok("load", "-i", oci.toString());
    assertThat(r.out()).contains("Loaded image");
    assertThat(docker.inspect(busyboxId).path("Id").asText()).isEqualTo(busyboxId);
    assertThat(docker.inspect("busybox:oci").path("Id").asText()).isEqualTo(busyboxId);

    Path gz = tmp.resolve("busybox.tar.gz");
    Fixture.gzip(Fixture.busyboxTar(), gz);
    docker.ok("load", "-i", gz.toString());
    assertThat(docker.inspect("busybox:latest").path("Id").asText()).isEqualTo(busyboxId);
    Docker.Result hi = docker.run("run", "--rm", "busybox:oci", "echo", "oci");
    assertThat(hi.out()).isEqualTo("oci\n");
  }

  @Test
  void saveThenLoadRoundTripKeepsTheId(Daemons daemons, @TempDir Path tmp) {
    BerthDaemon d = daemons.start().ensureBusybox();
    Docker docker = d.docker();
    docker.ok("tag", "busybox", "roundtrip:v1");
    Path saved = tmp.resolve("saved.tar");
    docker.ok("save", "-o", saved.toString(), "roundtrip:v1");
    Map<String, byte[]> entries = Fixture.readTar(saved);
    assertThat(entries).containsKey("manifest.json");
    assertThat(new String(entries.get("manifest.json"), StandardCharsets.UTF_8)).contains("roundtrip:v1");
    assertThat(Fixture.imageId(saved)).isEqualTo(busyboxId);

    docker.ok("rmi", "roundtrip:v1", "busybox:latest");
    assertThat(docker.run("image", "inspect", busyboxId).exitCode()).isEqualTo(1);
    Docker.Result r = docker.ok("load", "-i", saved.toString());
    assertThat(r.out()).contains("Loaded image: roundtrip:v1");
    JsonNode img = docker.inspect("roundtrip:v1");
    assertThat(img.path("Id").asText()).isEqualTo(busyboxId);
    assertThat(strings(img.path("RepoTags"))).containsExactly("roundtrip:v1");
    assertThat(docker.run("run", "--rm", "roundtrip:v1", "echo", "back").out()).isEqualTo("back\n");

    // docker save to a pipe works too.
    assertThat(docker.ok("save", "roundtrip:v1").out()).contains("manifest.json");
  }

  @Test
  void tagAddsAReferenceToTheSameImage(Docker docker) {
    docker.ok("tag", "busybox", "tagged/one:v1");
    docker.ok("tag", shortId(busyboxId), "tagged-two");
    try {
      JsonNode img = docker.inspect("busybox");
      assertThat(strings(img.path("RepoTags"))).contains("busybox:latest", "tagged/one:v1", "tagged-two:latest");
      assertThat(docker.inspect("tagged/one:v1").path("Id").asText()).isEqualTo(busyboxId);
      Docker.Result missing = docker.run("tag", "nosuch", "x:1");
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.err()).contains("No such image: nosuch:latest");
    } finally {
      docker.run("rmi", "tagged/one:v1", "tagged-two");
    }
  }

  @Test
  void rmiUntagsAndFollowsDockerdsConflictRules(Docker docker) {
    docker.ok("tag", "busybox", "rmi-a:1");
    docker.ok("tag", "busybox", "rmi-b:1");
    String stopped = null;
    String running = null;
    try {
      Docker.Result untag = docker.ok("rmi", "rmi-a:1");
      assertThat(untag.out()).isEqualTo("Untagged: rmi-a:1\n");
      assertThat(docker.inspect("busybox").path("Id").asText()).isEqualTo(busyboxId);

      Docker.Result multi = docker.run("rmi", shortId(busyboxId));
      assertThat(multi.exitCode()).isEqualTo(1);
      assertThat(multi.err()).contains("conflict: unable to delete " + shortId(busyboxId)
          + " (must be forced) - image is referenced in multiple repositories");

      stopped = docker.ok("create", "rmi-b:1", "true").stdout();
      Docker.Result byRef = docker.run("rmi", "rmi-b:1");
      // rmi-b:1 is not the only tag (busybox:latest remains), so untagging is allowed.
      assertThat(byRef.exitCode()).as(byRef.toString()).isZero();
      assertThat(byRef.out()).isEqualTo("Untagged: rmi-b:1\n");

      Docker.Result lastTag = docker.run("rmi", "busybox");
      assertThat(lastTag.exitCode()).isEqualTo(1);
      assertThat(lastTag.err()).contains("conflict: unable to remove repository reference \"busybox\" (must force) - container "
          + stopped.substring(0, 12) + " is using its referenced image " + shortId(busyboxId));

      Docker.Result byId = docker.run("rmi", shortId(busyboxId));
      assertThat(byId.exitCode()).isEqualTo(1);
      assertThat(byId.err()).contains("conflict: unable to delete " + shortId(busyboxId)
          + " (must be forced) - image is being used by stopped container " + stopped.substring(0, 12));

      docker.ok("rm", stopped);
      stopped = null;
      running = docker.ok("run", "-d", "busybox", "sleep", "60").stdout();
      Docker.Result forced = docker.run("rmi", "-f", shortId(busyboxId));
      assertThat(forced.exitCode()).isEqualTo(1);
      assertThat(forced.err()).contains("conflict: unable to delete " + shortId(busyboxId)
          + " (cannot be forced) - image is being used by running container " + running.substring(0, 12));
      assertThat(docker.inspect("busybox").path("Id").asText()).isEqualTo(busyboxId);

      Docker.Result none = docker.run("rmi", "nosuch:1");
      assertThat(none.exitCode()).isEqualTo(1);
      assertThat(none.err()).contains("No such image: nosuch:1");
    } finally {
      if (stopped != null) {
        docker.run("rm", "-f", stopped);
      }
      if (running != null) {
        docker.run("rm", "-f", running);
      }
      docker.run("rmi", "rmi-a:1", "rmi-b:1");
    }
    assertThat(strings(docker.inspect("busybox").path("RepoTags"))).contains("busybox:latest");
  }

  @Test
  void rmiByIdDeletesAnImageWithOneTag(Docker docker, @TempDir Path tmp) {
    String id = docker.ok("import", rootfs(tmp, "del.tar", "delete me").toString(), "rmi-del:1").stdout();
    Docker.Result r = docker.ok("rmi", shortId(id));
    assertThat(r.out()).contains("Untagged: rmi-del:1").contains("Deleted: " + id);
    assertThat(docker.run("image", "inspect", id).exitCode()).isEqualTo(1);
  }

  @Test
  void importAppliesChangesAndMessage(Docker docker, @TempDir Path tmp) {
    Path tar = rootfs(tmp, "imp.tar", "imported");
    String id = docker.ok("import", "-c", "CMD [\"/bin/hello\"]", "-c", "ENV A=b", "-c", "WORKDIR /w",
        "-c", "LABEL k=v", "-m", "my msg", tar.toString(), "imp:1").stdout();
    try {
      assertThat(id).matches("sha256:[0-9a-f]{64}");
      JsonNode img = docker.inspect("imp:1");
      assertThat(img.path("Id").asText()).isEqualTo(id);
      assertThat(strings(img.path("Config").path("Cmd"))).containsExactly("/bin/hello");
      assertThat(strings(img.path("Config").path("Env"))).contains("A=b");
      assertThat(img.path("Config").path("WorkingDir").asText()).isEqualTo("/w");
      assertThat(img.path("Config").path("Labels").path("k").asText()).isEqualTo("v");
      assertThat(img.path("Comment").asText()).isEqualTo("my msg");
      assertThat(img.path("RootFS").path("Layers").size()).isEqualTo(1);

      List<JsonNode> history = docker.jsonLines("history", "--no-trunc", "--format", "{{json .}}", "imp:1");
      assertThat(history).hasSize(1);
      assertThat(history.getFirst().path("ID").asText()).isEqualTo(id);
      assertThat(history.getFirst().path("Comment").asText()).isEqualTo("my msg");
      assertThat(history.getFirst().path("Size").asText()).isEqualTo("8B");
    } finally {
      docker.run("rmi", "imp:1");
    }
  }

  @Test
  void historyListsTheImagesLayersNewestFirst(Docker docker, RawHttp http) {
    List<JsonNode> rows = docker.jsonLines("history", "--no-trunc", "--format", "{{json .}}", "busybox");
    assertThat(rows).isNotEmpty();
    assertThat(rows.getFirst().path("ID").asText()).isEqualTo(busyboxId);
    HttpReply r = http.get("/v1.44/images/busybox/history");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().size()).isEqualTo(rows.size());
    JsonNode top = r.json().get(0);
    assertThat(top.path("Id").asText()).isEqualTo(busyboxId);
    assertThat(top.path("Created").isIntegralNumber()).isTrue();
    assertThat(strings(top.path("Tags"))).contains("busybox:latest");
    assertThat(top.has("CreatedBy")).isTrue();
    assertThat(top.has("Size")).isTrue();
  }

  @Test
  void imagesFilters(Docker docker, @TempDir Path tmp) {
    String first = docker.ok("import", "-c", "LABEL flt=a", rootfs(tmp, "f1.tar", "one").toString(), "flt:1").stdout();
    String second = docker.ok("import", rootfs(tmp, "f2.tar", "two").toString(), "flt:2").stdout();
    // Re-using the tag flt:1 leaves the first image dangling.
    String third = docker.ok("import", rootfs(tmp, "f3.tar", "three").toString(), "flt:1").stdout();
    try {
      assertThat(docker.ok("images", "-q", "--no-trunc", "--filter", "dangling=true").out().lines().toList()).contains(first)
          .doesNotContain(second, third, busyboxId);
      assertThat(docker.ok("images", "-q", "--no-trunc", "--filter", "dangling=false").out().lines().toList())
          .contains(second, third, busyboxId).doesNotContain(first);
      assertThat(docker.ok("images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "reference=flt").out().lines().toList())
          .containsExactlyInAnyOrder("flt:1", "flt:2");
      assertThat(docker.ok("images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "reference=fl*:2").out().lines().toList())
          .containsExactly("flt:2");
      assertThat(docker.ok("images", "-q", "--no-trunc", "--filter", "label=flt=a").out().lines().toList()).containsExactly(first);
      assertThat(docker.ok("images", "-q", "--no-trunc", "--filter", "label=flt").out().lines().toList()).containsExactly(first);
      assertThat(docker.ok("images", "-q", "--no-trunc", "--filter", "since=flt:2").out().lines().toList()).containsExactly(third);
      assertThat(docker.ok("images", "-q", "--no-trunc", "--filter", "before=flt:2").out().lines().toList())
          .contains(first, busyboxId).doesNotContain(second, third);
      assertThat(docker.ok("images", "busybox", "--format", "{{.Repository}}:{{.Tag}}").stdout()).isEqualTo("busybox:latest");
      Docker.Result bad = docker.run("images", "--filter", "bogus=1");
      assertThat(bad.exitCode()).isNotZero();
      assertThat(bad.err()).contains("invalid filter 'bogus'");
    } finally {
      docker.run("rmi", "flt:1", "flt:2", first);
    }
  }

  @Test
  void imagePruneRemovesDanglingImagesOnly(Docker docker, RawHttp http, @TempDir Path tmp) {
    String dangling = docker.ok("import", rootfs(tmp, "p1.tar", "p-one").toString(), "prune-me:1").stdout();
    String kept = docker.ok("import", rootfs(tmp, "p2.tar", "p-two").toString(), "prune-me:1").stdout();
    try {
      Docker.Result r = docker.ok("image", "prune", "-f");
      assertThat(r.out()).contains("Deleted Images:").contains("deleted: " + dangling).doesNotContain(kept).doesNotContain(busyboxId);
      assertThat(docker.run("image", "inspect", dangling).exitCode()).isEqualTo(1);
      assertThat(docker.inspect("prune-me:1").path("Id").asText()).isEqualTo(kept);
      assertThat(docker.inspect("busybox").path("Id").asText()).isEqualTo(busyboxId);
      HttpReply again = http.post("/v1.44/images/prune");
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.json().path("SpaceReclaimed").asLong()).isZero();
    } finally {
      docker.run("rmi", "prune-me:1");
    }
  }

  @Test
  void imageListOverHttpHasDockerdsShape(RawHttp http) {
    HttpReply r = http.get("/v1.44/images/json");
    assertThat(r.status()).isEqualTo(200);
    JsonNode bb = null;
    for (JsonNode i : r.json()) {
      if (i.path("Id").asText().equals(busyboxId)) {
        bb = i;
      }
    }
    assertThat(bb).isNotNull();
    assertThat(strings(bb.path("RepoTags"))).contains("busybox:latest");
    assertThat(bb.path("Created").isIntegralNumber()).isTrue();
    assertThat(bb.path("Size").asLong()).isPositive();
    assertThat(bb.path("ParentId").isTextual()).isTrue();
    assertThat(bb.path("RepoDigests").isArray()).isTrue();
    assertThat(bb.has("Containers")).isTrue();
    // API 1.44 dropped VirtualSize.
    assertThat(bb.has("VirtualSize")).isFalse();
  }
}
