package dev.berth.engine.distribution;

import dev.berth.testing.LocalRegistry;
import dev.berth.testing.TokenServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.engine.error.SystemError;
import dev.berth.engine.error.Unauthorized;
import dev.berth.model.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry in token mode with a token server of our own: challenges, tokens, refresh tokens. */
class BearerAuthTest {
  @TempDir Path dir;
  private TokenServer tokens;
  private LocalRegistry registry;
  private final List<DistributionService> services = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    assumeTrue(LocalRegistry.available(), "docker-registry not installed");
    assumeTrue("root".equals(System.getProperty("user.name")), "layer store needs root");
    tokens = new TokenServer("alice", "secret");
    registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")), tokens.authYaml(dir));
  }

  @AfterEach
  void stop() {
    services.forEach(DistributionService::close);
    if (registry != null) {
      registry.close();
    }
    if (tokens != null) {
      tokens.close();
    }
  }

  private static String header(Map<String, String> auth) throws Exception {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.mapper().writeValueAsBytes(auth));
  }

  @Test
  void pushAndPullWithTokensFetchedOncePerScope() throws Exception {
    var host = registry.host();
    var alice = header(Map.of("username", "alice", "password", "secret", "serveraddress", host));
    var source = new TestStores(dir, services, "a");
    source.image(host + "/private/app:1", List.of(Tars.of(Map.of("a", "1")), Tars.of(Map.of("b", "2")), Tars.of(Map.of("c", "3"))));

    int before = tokens.requests.get();
    var push = source.push(host + "/private/app", "1", alice);
    assertThat(push).extracting(ProgressMessage::status).contains("Pushed");
    assertThat(tokens.requests.get() - before).as("token requests for one push").isLessThanOrEqualTo(2);

    var target = new TestStores(dir, services, "b");
    assertThatThrownBy(() -> target.pull(host + "/private/app:1", null, "e30="))
        .isInstanceOf(SystemError.class)
        .hasMessage("unauthorized: authentication required");
    var pull = target.pull(host + "/private/app:1", null, alice);
    assertThat(pull.getLast().status()).isEqualTo("Status: Downloaded newer image for " + host + "/private/app:1");
  }

  @Test
  void loginReturnsAnIdentityTokenThatLogsInAgain() throws Exception {
    var host = registry.host();
    var service = new TestStores(dir, services, "a").service;
    var result = service.login(new AuthConfig("alice", "secret", null, null, host, null, null));
    assertThat(result).isEqualTo(new DistributionService.LoginResult("refresh-alice", "Login Succeeded"));

    var again = service.login(new AuthConfig(null, null, null, null, "http://" + host, "refresh-alice", null));
    assertThat(again.status()).isEqualTo("Login Succeeded");

    assertThatThrownBy(() -> service.login(new AuthConfig("alice", "wrong", null, null, host, null, null)))
        .isInstanceOf(Unauthorized.class)
        .hasMessage("Get \"http://" + host + "/v2/\": unauthorized: invalid username or password");
  }

  @Test
  void identityTokenPullsWithoutAPassword() throws Exception {
    var host = registry.host();
    var source = new TestStores(dir, services, "a");
    source.image(host + "/team/tool:v1", List.of(Tars.of(Map.of("t", "x"))));
    source.push(host + "/team/tool", "v1", header(Map.of("username", "alice", "password", "secret")));
    var target = new TestStores(dir, services, "b");
    var pull = target.pull(host + "/team/tool:v1", null, header(Map.of("identitytoken", "refresh-alice")));
    assertThat(pull.getLast().status()).isEqualTo("Status: Downloaded newer image for " + host + "/team/tool:v1");
  }
}
