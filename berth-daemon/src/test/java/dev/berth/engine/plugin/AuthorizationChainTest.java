package dev.berth.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.Forbidden;
import dev.berth.engine.error.SystemError;
import dev.berth.testing.FakePluginServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthorizationChainTest {
  @TempDir Path sockets;

  AuthorizationChain chain(String... names) {
    return new AuthorizationChain(new PluginRegistry(List.of(sockets), List.of(), Duration.ofMillis(500)), List.of(names));
  }

  static AuthzRequest request(String method, String uri, String body) {
    return new AuthzRequest("", "", method, uri, Map.of("Content-Type", "application/json"),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void pluginsSeeTheRequestAndTheFirstDenialWins() throws Exception {
    try (var allow = new FakePluginServer(sockets.resolve("allow.sock"), "authz");
        var deny = new FakePluginServer(sockets.resolve("deny.sock"), "authz")) {
      allow.on("AuthZPlugin.AuthZReq", b -> new FakePluginServer.Reply(200, Map.of("Allow", true)));
      deny.on("AuthZPlugin.AuthZReq", b -> new FakePluginServer.Reply(200,
          Map.of("Allow", !b.get("RequestUri").asText().contains("/containers/create"), "Msg", "no new containers")));
      var chain = chain("allow", "deny", "allow");
      chain.authorizeRequest(request("GET", "/v1.44/containers/json", null));
      assertThatThrownBy(() -> chain.authorizeRequest(request("POST", "/v1.44/containers/create", "{\"Image\":\"x\"}")))
          .isInstanceOf(Forbidden.class).hasMessage("authorization denied by plugin deny: no new containers");
      var seen = allow.calls.stream().filter(c -> c.method().equals("AuthZPlugin.AuthZReq")).toList().getLast().body();
      assertThat(seen.get("RequestMethod").asText()).isEqualTo("POST");
      assertThat(new String(Base64.getDecoder().decode(seen.get("RequestBody").asText()), StandardCharsets.UTF_8))
          .isEqualTo("{\"Image\":\"x\"}");
      assertThat(allow.methods().stream().filter(m -> m.equals("AuthZPlugin.AuthZReq")).count()).isEqualTo(2);
    }
  }

  @Test
  void responsesCanBeDeniedAndFailuresNeverAllow() throws Exception {
    try (var p = new FakePluginServer(sockets.resolve("res.sock"), "authz")) {
      p.on("AuthZPlugin.AuthZReq", b -> new FakePluginServer.Reply(200, Map.of("Allow", true)));
      p.on("AuthZPlugin.AuthZRes", b -> new FakePluginServer.Reply(200, Map.of("Allow", b.get("ResponseStatusCode").asInt() != 201, "Msg", "hidden")));
      var chain = chain("res");
      var req = request("POST", "/volumes/create", "{}");
      chain.authorizeResponse(req, 200, Map.of(), "{}".getBytes());
      assertThatThrownBy(() -> chain.authorizeResponse(req, 201, Map.of(), "{}".getBytes()))
          .hasMessage("authorization denied by plugin res: hidden");
      p.on("AuthZPlugin.AuthZReq", b -> new FakePluginServer.Reply(500, Map.of("Err", "an error")));
      assertThatThrownBy(() -> chain.authorizeRequest(req)).isInstanceOf(SystemError.class)
          .hasMessage("plugin res failed with error: AuthZPlugin.AuthZReq: an error");
    }
    assertThatThrownBy(() -> chain("gone").authorizeRequest(request("GET", "/_ping", null)))
        .hasMessage("plugin gone failed with error: plugin \"gone\" not found");
  }

  @Test
  void bodiesAreShownForJsonOnlyAndSecretsAreHidden() {
    assertThat(AuthorizationChain.forwardsBody("/v1.44/containers/create", "application/json; charset=utf-8")).isTrue();
    assertThat(AuthorizationChain.forwardsBody("/v1.44/auth", "application/json")).isFalse();
    assertThat(AuthorizationChain.forwardsBody("/images/load", "application/x-tar")).isFalse();
    assertThat(AuthorizationChain.visibleHeaders(Map.of("X-Registry-Auth", "s", "authorization", "b", "Host", "h")))
        .containsOnlyKeys("Host");
  }
}
