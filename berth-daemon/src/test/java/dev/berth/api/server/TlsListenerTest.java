package dev.berth.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.api.routes.SystemRoutes;
import dev.berth.engine.system.BuildInfo;
import dev.berth.engine.system.ContainerCounts;
import dev.berth.engine.system.HostFacts;
import dev.berth.engine.system.ImageCounts;
import dev.berth.engine.system.InfoSettings;
import dev.berth.engine.system.SystemService;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --tlsverify on a TCP listener, checked with the docker CLI. */
class TlsListenerTest {
  @TempDir Path dir;

  @Test
  void dockerCliNeedsAClientCertificate() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/local/bin/docker")), "docker CLI not installed");
    TestCerts.write(dir);
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    var system = new SystemService(new BuildInfo("25.0.0-berth", "abc", "now"), HostFacts.read(), "ID",
        InfoSettings.defaults(dir), ContainerCounts.NONE, ImageCounts.NONE);
    try (var server = new ApiServer(List.of(new SystemRoutes(system)), new ApiServer.Identity(ApiVersions.DEFAULT, "25.0.0-berth"), "docker")) {
      server.listen(new ListenAddress.Tcp("127.0.0.1", port),
          new ApiServer.Tls(dir.resolve("ca.pem"), dir.resolve("server-cert.pem"), dir.resolve("server-key.pem"), true));
      var host = "tcp://127.0.0.1:" + port;
      var ok = docker(host, "--tlsverify", "--tlscacert", dir.resolve("client/ca.pem").toString(),
          "--tlscert", dir.resolve("client/cert.pem").toString(), "--tlskey", dir.resolve("client/key.pem").toString(),
          "version", "--format", "{{.Server.APIVersion}}");
      assertThat(ok.exit).as(ok.out).isZero();
      assertThat(ok.out.strip()).isEqualTo("1.44");
      var refused = docker(host, "--tls", "--tlscacert", dir.resolve("client/ca.pem").toString(), "version");
      assertThat(refused.exit).isNotZero();
    }
  }

  private record Result(int exit, String out) {}

  private Result docker(String host, String... args) throws Exception {
    var cmd = new ArrayList<>(List.of("/usr/local/bin/docker", "-H", host));
    cmd.addAll(List.of(args));
    var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("DOCKER_CONFIG", dir.resolve("cli").toString());
    pb.environment().remove("DOCKER_HOST");
    var p = pb.start();
    p.getOutputStream().close();
    var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
