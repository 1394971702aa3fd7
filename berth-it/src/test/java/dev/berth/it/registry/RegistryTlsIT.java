package dev.berth.it.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.testing.LocalRegistry;
import dev.berth.testing.TestCerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS registries verified with a CA from the certs directory ({@code --certs-dir}, Berth's
 * /etc/docker/certs.d), one of them requiring a client certificate. They listen on [::1]: dockerd
 * treats 127.0.0.0/8 as insecure (no verification), but not ::1.
 */
@BerthTest
class RegistryTlsIT {
  @TempDir static Path dir;
  private static LocalRegistry tls;
  private static LocalRegistry mutual;
  private static Path certs;
  private static Path caOnly;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(LocalRegistry.available(), "docker-registry is not installed");
    var ca = TestCerts.ca("Berth test CA");
    var server = TestCerts.leaf(ca, "registry", List.of("::1"));
    var client = TestCerts.leaf(ca, "client", List.of());
    var caFile = Files.writeString(dir.resolve("ca.crt"), ca.certPem());
    var serverCert = Files.writeString(dir.resolve("server.crt"), server.certPem());
    var serverKey = Files.writeString(dir.resolve("server.key"), server.keyPem());
    tls = LocalRegistry.startTls(Files.createDirectories(dir.resolve("tls")), "[::1]", serverCert, serverKey, null);
    mutual = LocalRegistry.startTls(Files.createDirectories(dir.resolve("mutual")), "[::1]", serverCert, serverKey, caFile);
    certs = dir.resolve("certs.d");
    caOnly = dir.resolve("ca-only.d");
    for (var host : List.of(tls.host(), mutual.host())) {
      Files.writeString(Files.createDirectories(certs.resolve(host)).resolve("ca.crt"), ca.certPem());
      Files.writeString(Files.createDirectories(caOnly.resolve(host)).resolve("ca.crt"), ca.certPem());
    }
    Files.writeString(certs.resolve(mutual.host()).resolve("client.cert"), client.certPem());
    Files.writeString(certs.resolve(mutual.host()).resolve("client.key"), client.keyPem());
  }

  @AfterAll
  static void stop() {
    if (tls != null) tls.close();
    if (mutual != null) mutual.close();
  }

  private static BerthDaemon daemon(Daemons daemons, Path certsDir) {
    var d = daemons.start("--certs-dir", certsDir.toString());
    d.ensureBusybox();
    return d;
  }

  @Test
  void pushAndPullOverHttpsVerifiedWithTheCaFromTheCertsDir(Daemons daemons) {
    var docker = daemon(daemons, certs).docker();
    var ref = tls.host() + "/secure/busybox:1";
    docker.ok("tag", "busybox", ref);
    assertThat(docker.ok("push", ref).out()).contains(": Pushed", "1: digest: sha256:");
    docker.ok("rmi", ref);
    assertThat(docker.ok("pull", ref).out()).contains("Status: Downloaded newer image for " + ref);
  }

  @Test
  void aRegistryRequiringAClientCertificateGetsTheOneFromTheCertsDir(Daemons daemons) {
    var docker = daemon(daemons, certs).docker();
    var ref = mutual.host() + "/mutual/busybox:1";
    docker.ok("tag", "busybox", ref);
    assertThat(docker.ok("push", ref).out()).contains(": Pushed");
    docker.ok("rmi", ref);
    assertThat(docker.ok("pull", ref).out()).contains("Status: Downloaded newer image for " + ref);

    var without = daemon(daemons, caOnly).docker();
    var refused = without.run("pull", ref);
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("https://" + mutual.host() + "/v2/", "remote error: tls:");
  }

  @Test
  void anUnknownCaGivesDockerdsX509Error(Daemons daemons) throws Exception {
    var docker = daemon(daemons, Files.createDirectories(dir.resolve("empty.d"))).docker();
    var pull = docker.run("pull", tls.host() + "/secure/nothing:1");
    assertThat(pull.exitCode()).isNotZero();
    assertThat(pull.err()).contains("Get \"https://" + tls.host() + "/v2/\": tls: failed to verify certificate: "
        + "x509: certificate signed by unknown authority");
  }
}
