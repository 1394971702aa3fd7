package dev.berth.it.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code docker build} through the real CLI 28 (no buildx plugin, so it uses the classic builder's
 * {@code POST /build}), on the busybox fixture: multi-stage builds, .dockerignore, the build cache,
 * failing steps, build args, Dockerfiles from outside the context and from stdin.
 */
@BerthTest
class BuildIT {
  private Path ctx;
  private String tag;

  @BeforeAll
  static void busybox(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  @BeforeEach
  void context() throws IOException {
    ctx = Files.createTempDirectory("build-it");
    tag = "build-it-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
  }

  @AfterEach
  void cleanUp(Docker docker) throws IOException {
    for (var id : docker.ok("ps", "-aq").stdout().split("\\s+")) {
      if (!id.isBlank()) docker.run("rm", "-f", id);
    }
    docker.run("rmi", "-f", tag);
    docker.run("image", "prune", "-f");
    try (var walk = Files.walk(ctx)) {
      for (var p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  private void write(String name, String text) throws IOException {
    var p = ctx.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private Docker.Result build(Docker docker, String... extra) {
    var args = new java.util.ArrayList<String>(java.util.List.of("build", "-t", tag));
    args.addAll(java.util.List.of(extra));
    args.add(ctx.toString());
    return docker.run(java.time.Duration.ofSeconds(180), args.toArray(String[]::new));
  }

  @Test
  void multiStageBuildCopiesFromAnEarlierStageAndTheResultRuns(Docker docker) throws IOException {
    write("src/greeting.txt", "hello from the context\n");
    write("Dockerfile", """
        ARG BASE=busybox
        FROM $BASE AS builder
        WORKDIR /work
        COPY src/ ./
        RUN tr a-z A-Z < greeting.txt > shout.txt
        FROM busybox
        COPY --from=builder /work/shout.txt /app/
        ENV WHO=world
        CMD ["sh", "-c", "cat /app/shout.txt; echo hi $WHO"]
        """);
    var r = build(docker);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Step 1/9 : ARG BASE=busybox", "Step 5/9 : RUN tr a-z A-Z < greeting.txt > shout.txt",
        " ---> Running in ", "Removing intermediate container", "Successfully built ", "Successfully tagged " + tag);
    assertThat(docker.ok("run", "--rm", tag).out()).isEqualTo("HELLO FROM THE CONTEXT\nhi world\n");
    var history = docker.ok("history", "--no-trunc", "--format", "{{.CreatedBy}}", tag).out();
    assertThat(history).contains("/bin/sh -c #(nop)  ENV WHO=world", "/bin/sh -c #(nop) COPY file:");
    assertThat(docker.ok("ps", "-aq").stdout()).isEmpty();
  }

  @Test
  void dockerignoreKeepsFilesOutOfTheContext(Docker docker) throws IOException {
    write(".dockerignore", "*.log\n!keep.log\n**/secret\n/build\n");
    write("a.log", "x");
    write("keep.log", "x");
    write("deep/dir/secret", "x");
    write("deep/dir/ok", "x");
    write("build/out", "x");
    write("Dockerfile", "FROM busybox\nCOPY . /ctx/\nCMD [\"find\", \"/ctx\", \"-type\", \"f\"]\n");
    assertThat(build(docker).exitCode()).isZero();
    var files = docker.ok("run", "--rm", tag).out().lines().sorted().toList();
    assertThat(files).containsExactly("/ctx/.dockerignore", "/ctx/Dockerfile", "/ctx/deep/dir/ok", "/ctx/keep.log");
  }

  @Test
  void unchangedInputsHitTheCacheAndAChangedFileReRunsTheStepsAfterIt(Docker docker) throws IOException {
    write("one.txt", "1\n");
    write("two.txt", "2\n");
    write("Dockerfile", "FROM busybox\nRUN echo first > /first\nCOPY one.txt /\nRUN cat /one.txt > /copy\nCOPY two.txt /\nCMD cat /copy /two.txt\n");
    var cold = build(docker);
    assertThat(cold.exitCode()).as(cold.toString()).isZero();
    assertThat(cold.out()).doesNotContain("Using cache");
    var id = imageId(cold.out());
    var warm = build(docker);
    assertThat(countOf(warm.out(), " ---> Using cache")).as(warm.toString()).isEqualTo(5);
    assertThat(imageId(warm.out())).isEqualTo(id);
    write("one.txt", "changed\n");
    var changed = build(docker);
    assertThat(countOf(changed.out(), " ---> Using cache")).as(changed.toString()).isEqualTo(1);
    assertThat(changed.out()).contains("Step 4/6 : RUN cat /one.txt > /copy\n ---> Running in");
    assertThat(docker.ok("run", "--rm", tag).out()).isEqualTo("changed\n2\n");
    var uncached = build(docker, "--no-cache");
    assertThat(uncached.out()).doesNotContain("Using cache");
  }

  @Test
  void aFailingRunStopsTheBuildWithDockerdsMessageAndExitCode(Docker docker) throws IOException {
    write("Dockerfile", "FROM busybox\nRUN echo before\nRUN echo oops >&2; exit 3\nRUN echo never\n");
    var r = build(docker);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).contains("The command '/bin/sh -c echo oops >&2; exit 3' returned a non-zero code: 3");
    assertThat(r.out()).contains("before").doesNotContain("never", "Successfully built");
    assertThat(docker.run("image", "inspect", tag).exitCode()).isEqualTo(1);
    var forced = build(docker, "--force-rm");
    assertThat(forced.exitCode()).isEqualTo(3);
    assertThat(docker.ok("ps", "-aq", "--filter", "status=exited").stdout().lines().count())
        .isEqualTo(1); // the first build's failed container stays, as dockerd leaves it; --force-rm removed the second
  }

  @Test
  void buildArgsReachRunAndTheirValuesPartTheCache(Docker docker) throws IOException {
    write("Dockerfile", "FROM busybox\nARG GREETING=hello\nARG UNSET\nRUN echo \"$GREETING ${UNSET:-none}\" > /g\nCMD cat /g\n");
    var r = build(docker, "--build-arg", "GREETING=bonjour", "--build-arg", "EXTRA=1");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("[Warning] One or more build-args [EXTRA] were not consumed");
    assertThat(docker.ok("run", "--rm", tag).out()).isEqualTo("bonjour none\n");
    assertThat(docker.ok("history", "--no-trunc", "--format", "{{.CreatedBy}}", tag).out())
        .contains("|1 GREETING=bonjour /bin/sh -c echo \"$GREETING ${UNSET:-none}\" > /g");
    var other = build(docker, "--build-arg", "GREETING=hallo");
    assertThat(other.out()).contains("Step 4/5 : RUN echo").contains(" ---> Running in ");
    assertThat(docker.ok("run", "--rm", tag).out()).isEqualTo("hallo none\n");
  }

  @Test
  void aDockerfileOutsideTheContextIsUsedAndNotCopied(Docker docker) throws IOException {
    write("data.txt", "data\n");
    var outside = Files.createTempFile("build-it", ".Dockerfile");
    try {
      Files.writeString(outside, "FROM busybox\nCOPY . /ctx/\nCMD ls -A /ctx\n");
      var r = build(docker, "-f", outside.toString());
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(docker.ok("run", "--rm", tag).out()).isEqualTo("data.txt\n");
    } finally {
      Files.delete(outside);
    }
  }

  @Test
  void aDockerfileFromStdinBuildsWithoutAContext(Docker docker) throws IOException {
    var df = Files.createTempFile("build-it", ".Dockerfile");
    try {
      Files.writeString(df, "FROM busybox\nRUN echo from stdin > /s\nCMD cat /s\n");
      var r = docker.runWithStdin(df, "build", "-q", "-t", tag, "-");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.stdout()).matches("sha256:[0-9a-f]{64}");
      assertThat(docker.ok("run", "--rm", tag).out()).isEqualTo("from stdin\n");
    } finally {
      Files.delete(df);
    }
  }

  @Test
  void aParseErrorNamesTheLine(Docker docker) throws IOException {
    write("Dockerfile", "FROM busybox\nRUN true\nFOO bar\n");
    var r = build(docker);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Error response from daemon: dockerfile parse error line 3: unknown instruction: FOO");
  }

  @Test
  void cacheFromReusesTheStepsOfALoadedImage(Docker docker) throws IOException {
    write("f.txt", "f\n");
    write("Dockerfile", "FROM busybox\nCOPY f.txt /\nRUN cp /f.txt /g.txt\nENV E=1\n");
    var first = build(docker);
    assertThat(first.exitCode()).as(first.toString()).isZero();
    var id = imageId(first.out());
    var saved = Files.createTempFile("build-it", ".tar");
    try {
      docker.ok("save", "-o", saved.toString(), tag);
      docker.ok("rmi", tag);
      docker.ok("load", "-i", saved.toString());
    } finally {
      Files.delete(saved);
    }
    var without = docker.run(java.time.Duration.ofSeconds(180), "build", "-q", "--cache-from", "busybox", ctx.toString());
    assertThat(without.exitCode()).as(without.toString()).isZero();
    assertThat(without.stdout()).doesNotStartWith("sha256:" + id); // busybox provides no step: every one ran again
    docker.ok("rmi", without.stdout());
    var with = build(docker, "--cache-from", tag);
    assertThat(countOf(with.out(), " ---> Using cache")).as(with.toString()).isEqualTo(3);
    assertThat(imageId(with.out())).isEqualTo(id);
  }

  @Test
  void addFetchesAUrlAndUnpacksALocalArchive(Docker docker) throws Exception {
    var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/files/remote.txt", ex -> {
      var body = "from the server\n".getBytes();
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      var tarDir = Files.createDirectories(ctx.resolve("t/pkg"));
      Files.writeString(tarDir.resolve("inside.txt"), "inside\n");
      var tar = new ProcessBuilder("tar", "czf", ctx.resolve("pkg.tgz").toString(), "-C", ctx.resolve("t").toString(), "pkg")
          .inheritIO().start();
      assertThat(tar.waitFor()).isZero();
      write("Dockerfile", "FROM busybox\nADD http://127.0.0.1:" + server.getAddress().getPort()
          + "/files/remote.txt /dl/\nADD pkg.tgz /opt/\nCMD cat /dl/remote.txt /opt/pkg/inside.txt; stat -c %a /dl/remote.txt\n");
      var r = build(docker);
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(docker.ok("run", "--rm", tag).out()).isEqualTo("from the server\ninside\n600\n");
    } finally {
      server.stop(0);
    }
  }

  private static String imageId(String out) {
    var m = Pattern.compile("Successfully built ([0-9a-f]{12})").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }

  private static int countOf(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
    return n;
  }
}
