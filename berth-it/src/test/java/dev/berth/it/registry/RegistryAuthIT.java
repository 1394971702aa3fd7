package dev.berth.it.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import dev.berth.it.Docker;
import dev.berth.testing.Htpasswd;
import dev.berth.testing.LocalRegistry;
import dev.berth.testing.TokenServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker login/logout, and push/pull with credentials, against htpasswd and token-auth registries. */
@BerthTest
class RegistryAuthIT {
  @TempDir static Path dir;
  private static LocalRegistry basic;
  private static TokenServer tokens;
  private static LocalRegistry bearer;

  @BeforeAll
  static void start(BerthDaemon daemon) throws Exception {
    assumeTrue(LocalRegistry.available(), "docker-registry is not installed");
    daemon.ensureBusybox();
    var basicDir = Files.createDirectories(dir.resolve("basic"));
    basic = LocalRegistry.start(basicDir, Htpasswd.authYaml(Htpasswd.write(basicDir, "alice", "secret")));
    tokens = new TokenServer("bob", "hunter2");
    bearer = LocalRegistry.start(Files.createDirectories(dir.resolve("bearer")), tokens.authYaml(dir));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {basic, bearer, tokens}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // best effort
      }
    }
  }

  private static Docker.Result login(Docker docker, String host, String user, String password) {
    return docker.run("login", "-u", user, "-p", password, host);
  }

  @Test
  void basicAuthLoginPushPullLogout(Docker docker, Daemons daemons) {
    var host = basic.host();
    var ref = host + "/private/busybox:1";
    docker.ok("tag", "busybox", ref);

    var wrong = login(docker, host, "alice", "nope");
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err()).contains("login attempt to http://" + host + "/v2/ failed with status: 401 Unauthorized");

    var denied = docker.run("push", ref);
    assertThat(denied.exitCode()).isEqualTo(1);
    assertThat(denied.err()).contains("no basic auth credentials");

    assertThat(login(docker, host, "alice", "secret").out()).contains("Login Succeeded");
    assertThat(docker.ok("push", ref).out()).contains(": Pushed");

    var other = daemons.start().docker();
    var anonymous = other.run("pull", ref);
    assertThat(anonymous.exitCode()).isEqualTo(1);
    assertThat(anonymous.err()).contains("no basic auth credentials");
    assertThat(login(other, host, "alice", "secret").exitCode()).isZero();
    assertThat(other.ok("pull", ref).out()).contains("Status: Downloaded newer image for " + ref);

    docker.ok("logout", host);
    assertThat(docker.run("push", ref).exitCode()).isEqualTo(1);
  }

  @Test
  void tokenAuthLoginStoresAnIdentityTokenThatPullsAndPushes(Docker docker, Daemons daemons) {
    var host = bearer.host();
    var ref = host + "/team/busybox:1";
    docker.ok("tag", "busybox", ref);

    var wrong = login(docker, host, "bob", "nope");
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err()).contains("unauthorized");

    var unauthorized = docker.run("push", ref);
    assertThat(unauthorized.exitCode()).isEqualTo(1);
    assertThat(unauthorized.err()).contains("unauthorized: authentication required");

    assertThat(login(docker, host, "bob", "hunter2").out()).contains("Login Succeeded");
    assertThat(docker.ok("push", ref).out()).contains(": Pushed");

    var other = daemons.start().docker();
    assertThat(login(other, host, "bob", "hunter2").exitCode()).isZero();
    assertThat(other.ok("pull", ref).out()).contains("Status: Downloaded newer image for " + ref);
  }
}
