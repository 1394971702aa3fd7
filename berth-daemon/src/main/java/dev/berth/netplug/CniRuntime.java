package dev.berth.netplug;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.model.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a CNI plugin chain the way libcni does (CNI spec 1.0.0): ADD runs the plugins in order, each
 * getting its conf plus {@code name}, {@code cniVersion}, the previous plugin's result as
 * {@code prevResult} and the runtime config its capabilities ask for; DEL runs them in reverse with
 * the cached final result. Plugins are executables in {@code pluginDir}. Thread-safe: the plugins
 * lock their own state (host-local's lock file, iptables' xtables lock).
 */
public final class CniRuntime {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private final Path pluginDir;

  public CniRuntime(Path pluginDir) {
    this.pluginDir = pluginDir;
  }

  /** Runs ADD through the chain; on failure runs DEL for what was added and rethrows. */
  public CniResult add(CniNetwork network, CniAttachment attachment) {
    Map<String, Object> prev = null;
    for (int i = 0; i < network.plugins().size(); i++) {
      try {
        prev = invoke("ADD", network, network.plugins().get(i), attachment, prev);
      } catch (NetworkOperationException e) {
        delQuietly(network, attachment, prev);
        throw e;
      }
    }
    if (prev == null) {
      throw new NetworkOperationException("CNI network " + network.name() + " has no plugins");
    }
    return CniResult.parse(prev);
  }

  /** Runs DEL in reverse order with {@code prevResult} (may be null). Plugins treat "already gone" as success. */
  public void del(CniNetwork network, CniAttachment attachment, Map<String, Object> prevResult) {
    NetworkOperationException first = null;
    var plugins = network.plugins();
    for (int i = plugins.size() - 1; i >= 0; i--) {
      try {
        invoke("DEL", network, plugins.get(i), attachment, prevResult);
      } catch (NetworkOperationException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void delQuietly(CniNetwork network, CniAttachment attachment, Map<String, Object> prev) {
    try {
      del(network, attachment, prev);
    } catch (NetworkOperationException ignored) {
      // best effort: the ADD failure is what the caller needs to see
    }
  }

  private Map<String, Object> invoke(
      String command, CniNetwork network, Map<String, Object> plugin, CniAttachment attachment, Map<String, Object> prev) {
    var type = String.valueOf(plugin.get("type"));
    var stdin = stdinFor(network, plugin, attachment, prev);
    var env = new HashMap<String, String>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", attachment.containerId());
    env.put("CNI_NETNS", attachment.netnsPath());
    env.put("CNI_IFNAME", attachment.ifName());
    env.put("CNI_PATH", pluginDir.toString());
    if (!attachment.cniArgs().isEmpty()) {
      env.put("CNI_ARGS", "IgnoreUnknown=1;" + String.join(";", attachment.cniArgs()));
    }
    byte[] bytes;
    try {
      bytes = Json.mapper().writeValueAsBytes(stdin);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    var result = Command.run(List.of(pluginDir.resolve(type).toString()), env, bytes);
    if (!result.ok()) {
      throw new NetworkOperationException("plugin type=\"" + type + "\" failed (" + command.toLowerCase() + "): " + errorText(result));
    }
    if (command.equals("DEL") || result.stdout().isBlank()) {
      return prev;
    }
    try {
      return Json.mapper().readValue(result.stdout(), MAP);
    } catch (JsonProcessingException e) {
      throw new NetworkOperationException("plugin type=\"" + type + "\" printed an invalid result: " + e.getOriginalMessage());
    }
  }

  static Map<String, Object> stdinFor(
      CniNetwork network, Map<String, Object> plugin, CniAttachment attachment, Map<String, Object> prev) {
    var conf = new LinkedHashMap<String, Object>(plugin);
    conf.put("cniVersion", network.cniVersion());
    conf.put("name", network.name());
    if (plugin.get("capabilities") instanceof Map<?, ?> caps) {
      var runtimeConfig = new LinkedHashMap<String, Object>();
      for (var e : caps.entrySet()) {
        var key = String.valueOf(e.getKey());
        if (Boolean.TRUE.equals(e.getValue()) && attachment.capabilityArgs().containsKey(key)) {
          runtimeConfig.put(key, attachment.capabilityArgs().get(key));
        }
      }
      if (!runtimeConfig.isEmpty()) {
        conf.put("runtimeConfig", runtimeConfig);
      }
    }
    if (prev != null) {
      conf.put("prevResult", prev);
    }
    return conf;
  }

  /** The plugin's {@code {"code","msg","details"}} error, or its raw output. */
  private static String errorText(Command.Result result) {
    try {
      Map<String, Object> err = Json.mapper().readValue(result.stdout(), MAP);
      var parts = new ArrayList<String>();
      if (err.get("msg") != null) {
        parts.add(String.valueOf(err.get("msg")));
      }
      if (err.get("details") != null && !String.valueOf(err.get("details")).isBlank()) {
        parts.add(String.valueOf(err.get("details")));
      }
      if (!parts.isEmpty()) {
        return String.join(": ", parts);
      }
    } catch (JsonProcessingException | IllegalArgumentException ignored) {
      // not JSON: fall through to the raw text
    }
    return result.describe();
  }
}
