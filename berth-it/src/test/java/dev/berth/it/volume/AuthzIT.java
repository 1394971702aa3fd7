package dev.berth.it.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.BerthTest;
import dev.berth.it.Daemons;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --authorization-plugin with a plugin of our own that denies one action. */
@BerthTest
class AuthzIT {
  @Test
  void theChainDeniesOneActionAndAllowsTheRest(Daemons daemons) throws Exception {
    try (var plugin = TestPlugin.authz(req -> req.path("RequestMethod").asText().equals("DELETE")
        && req.path("RequestUri").asText().contains("/volumes/"))) {
      var daemon = daemons.start("--authorization-plugin", plugin.name);
      var docker = daemon.docker();
      docker.ok("volume", "create", "it-guarded");
      var denied = docker.run("volume", "rm", "it-guarded");
      assertThat(denied.exitCode()).isNotZero();
      assertThat(denied.err()).contains("authorization denied by plugin " + plugin.name + ": berth-it forbids DELETE /v1.");
      assertThat(docker.ok("volume", "ls", "-q").stdout()).contains("it-guarded");
      assertThat(plugin.calls()).anyMatch(c -> c.startsWith("AuthZPlugin.AuthZReq /v1.") && c.contains("/volumes/create"));
      assertThat(plugin.calls()).anyMatch(c -> c.startsWith("AuthZPlugin.AuthZRes"));

      // A JSON body larger than 4 MiB is refused, never passed on unseen.
      var big = "{\"Name\":\"it-big\",\"Labels\":{\"x\":\"" + "a".repeat(5 << 20) + "\"}}";
      var r = daemon.http().send("POST", "/v1.44/volumes/create", Map.of("Content-Type", "application/json"), big.getBytes());
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.message()).contains("request body too large for authorization plugin");
      assertThat(docker.ok("volume", "ls", "-q").stdout()).doesNotContain("it-big");
      daemon.stop(); // before the plugin goes: every request needs it
    }
  }
}
