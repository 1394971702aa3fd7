package dev.berth.engine.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.error.Forbidden;
import dev.berth.engine.error.SystemError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --authorization-plugin} chain (moby {@code pkg/authorization}): every API request is shown
 * to each plugin in order ({@code AuthZPlugin.AuthZReq}) before it runs, and its reply
 * ({@code AuthZPlugin.AuthZRes}) before it is sent. The first denial wins: 403
 * {@code authorization denied by plugin X: msg}. A plugin that fails or cannot be reached denies
 * too (500 {@code plugin X failed with error: …}): nothing is waved through. Thread-safe.
 */
public final class AuthorizationChain {
  /** Bodies above this are refused rather than shown in part (CVE-2024-41110, GHSA-x744-4wpc-v9h2). */
  public static final int MAX_BODY = 4 * 1024 * 1024;
  static final String CAPABILITY = "authz";
  private static final Set<String> HIDDEN_HEADERS = Set.of("authorization", "x-registry-auth", "x-registry-config");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final PluginRegistry registry;
  private final List<String> names;

  /** @param names plugin names in order; repeats are dropped, as dockerd does */
  public AuthorizationChain(PluginRegistry registry, List<String> names) {
    this.registry = registry;
    this.names = List.copyOf(new LinkedHashSet<>(names));
  }

  public boolean enabled() {
    return !names.isEmpty();
  }

  /** Request headers as plugins see them. */
  public static Map<String, String> visibleHeaders(Map<String, String> headers) {
    var out = new LinkedHashMap<String, String>();
    headers.forEach((k, v) -> {
      if (!HIDDEN_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Whether moby would show this request's body: JSON content on anything but {@code /auth}. */
  public static boolean forwardsBody(String path, String contentType) {
    if (path.matches("^[^/]*/(v\\d[\\d.]*/)?auth.*")) {
      return false;
    }
    var mime = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return mime.equals("application/json");
  }

  /**
   * Before the request runs.
   *
   * @throws Forbidden when a plugin denies it
   * @throws SystemError when a plugin fails
   */
  public void authorizeRequest(AuthzRequest request) {
    var body = requestBody(request);
    ask("AuthZPlugin.AuthZReq", body);
  }

  /** Before the reply is sent; {@code body} is null when it is not shown (streams, non-JSON). */
  public void authorizeResponse(AuthzRequest request, int status, Map<String, String> headers, byte[] body) {
    var json = requestBody(request);
    json.put("ResponseStatusCode", status);
    if (body != null && body.length > 0) {
      json.put("ResponseBody", body);
    }
    if (!headers.isEmpty()) {
      json.put("ResponseHeaders", headers);
    }
    ask("AuthZPlugin.AuthZRes", json);
  }

  private void ask(String method, Map<String, Object> body) {
    for (var name : names) {
      JsonNode reply;
      try {
        var plugin = registry.get(name, CAPABILITY);
        reply = plugin.client().call(method, body, TIMEOUT);
      } catch (RuntimeException e) {
        throw new SystemError("plugin " + name + " failed with error: " + e.getMessage(), e);
      }
      if (!reply.path("Allow").asBoolean(false)) {
        throw new Forbidden("authorization denied by plugin " + name + ": " + reply.path("Msg").asText(""));
      }
    }
  }

  private static Map<String, Object> requestBody(AuthzRequest r) {
    var json = new LinkedHashMap<String, Object>();
    put(json, "User", r.user());
    put(json, "UserAuthNMethod", r.userAuthNMethod());
    put(json, "RequestMethod", r.method());
    put(json, "RequestUri", r.uri());
    if (r.body() != null && r.body().length > 0) {
      json.put("RequestBody", r.body()); // []byte: base64 in JSON, as Go encodes it
    }
    if (!r.headers().isEmpty()) {
      json.put("RequestHeaders", new LinkedHashMap<>(r.headers()));
    }
    return json;
  }

  private static void put(Map<String, Object> json, String key, String value) {
    if (value != null && !value.isEmpty()) {
      json.put(key, value);
    }
  }

  /** Names in the chain, for logs and {@code /info}. */
  public List<String> names() {
    return new ArrayList<>(names);
  }
}
