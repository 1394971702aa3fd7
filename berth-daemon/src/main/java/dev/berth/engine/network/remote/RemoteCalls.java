package dev.berth.engine.network.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.plugin.Plugin;
import dev.berth.engine.plugin.PluginException;
import java.time.Duration;

/**
 * One call of the remote driver protocol, as libnetwork's remote driver and remote IPAM make it:
 * a non-200 reply is {@code <Method>: <Err>} (the plugin client's text), a 200 reply carrying a
 * non-empty {@code Err} is {@code remote: <Err>}.
 */
final class RemoteCalls {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private RemoteCalls() {}

  static JsonNode call(Plugin plugin, String method, Object args) {
    var reply = plugin.client().call(method, args, TIMEOUT);
    var err = reply.path("Err").asText("");
    if (!err.isEmpty()) {
      throw new RemoteError("remote: " + err, 200);
    }
    return reply;
  }

  /** As {@link #call}, but a plugin that does not implement {@code method} (404) is fine: dockerd's optional methods. */
  static void optional(Plugin plugin, String method, Object args) {
    try {
      call(plugin, method, args);
    } catch (PluginException e) {
      if (e.status() != 404) {
        throw new RemoteError(e.getMessage(), e.status());
      }
    }
  }

  /** A plugin's refusal or failure, with the text dockerd shows. */
  static final class RemoteError extends RuntimeException {
    private final int status;

    RemoteError(String message, int status) {
      super(message);
      this.status = status;
    }

    int status() {
      return status;
    }
  }
}
