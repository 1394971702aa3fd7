package dev.berth.engine.volume;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.error.SystemError;
import dev.berth.engine.plugin.Plugin;
import dev.berth.engine.plugin.PluginException;
import dev.berth.model.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A volume driver served by a plugin ({@code VolumeDriver.*} calls, with dockerd's timeouts: two
 * minutes for Create and Mount, one for the rest). A reply's {@code Err} becomes the error text.
 * Thread-safe (stateless apart from the cached scope).
 */
final class PluginVolumeDriver implements VolumeDriver {
  private static final Duration LONG = Duration.ofMinutes(2);
  private static final Duration SHORT = Duration.ofMinutes(1);
  private final Plugin plugin;
  private volatile String scope;

  PluginVolumeDriver(Plugin plugin) {
    this.plugin = plugin;
  }

  @Override
  public String name() {
    return plugin.name();
  }

  /** {@code VolumeDriver.Capabilities}; {@code local} when absent, invalid or failing, as dockerd. */
  @Override
  public String scope() {
    if (scope == null) {
      String found;
      try {
        found = plugin.client().call("VolumeDriver.Capabilities", Map.of(), SHORT).path("Capabilities").path("Scope")
            .asText("").toLowerCase(java.util.Locale.ROOT);
      } catch (PluginException e) {
        found = "";
      }
      scope = found.equals("global") ? "global" : "local";
    }
    return scope;
  }

  @Override
  public DriverVolume create(String name, Map<String, String> options) {
    var args = new LinkedHashMap<String, Object>();
    args.put("Name", name);
    args.put("Opts", options);
    call("VolumeDriver.Create", args, LONG);
    return new DriverVolume(name, "", null, null);
  }

  @Override
  public void remove(String name) {
    call("VolumeDriver.Remove", Map.of("Name", name), SHORT);
  }

  @Override
  public Optional<DriverVolume> get(String name) {
    JsonNode reply;
    try {
      reply = call("VolumeDriver.Get", Map.of("Name", name), SHORT);
    } catch (SystemError e) {
      return Optional.empty(); // dockerd treats any Get error as "not in this driver"
    }
    var v = reply.path("Volume");
    if (v.isMissingNode() || v.isNull()) {
      return Optional.empty();
    }
    return Optional.of(volume(v));
  }

  @Override
  public List<DriverVolume> list() {
    var out = new ArrayList<DriverVolume>();
    call("VolumeDriver.List", Map.of(), SHORT).path("Volumes").forEach(v -> out.add(volume(v)));
    return out;
  }

  @Override
  public Path mount(String name, String ref) {
    var reply = call("VolumeDriver.Mount", Map.of("Name", name, "ID", ref), LONG);
    var mountpoint = reply.path("Mountpoint").asText("");
    if (mountpoint.isEmpty() || !mountpoint.startsWith("/")) {
      throw new SystemError("VolumeDriver.Mount: plugin " + name() + " returned no absolute mountpoint for " + name);
    }
    return Path.of(mountpoint);
  }

  @Override
  public void unmount(String name, String ref) {
    call("VolumeDriver.Unmount", Map.of("Name", name, "ID", ref), SHORT);
  }

  private static DriverVolume volume(JsonNode v) {
    Map<String, Object> status = null;
    if (v.path("Status").isObject()) {
      status = Json.mapper().convertValue(v.get("Status"), Map.class);
    }
    var created = v.path("CreatedAt").asText("");
    return new DriverVolume(v.path("Name").asText(), v.path("Mountpoint").asText(""), created.isEmpty() ? null : created,
        status);
  }

  private JsonNode call(String method, Object args, Duration timeout) {
    JsonNode reply;
    try {
      reply = plugin.client().call(method, args, timeout);
    } catch (PluginException e) {
      throw new SystemError(e.getMessage(), e);
    }
    var err = reply.path("Err").asText("");
    if (!err.isEmpty()) {
      throw new SystemError(err);
    }
    return reply;
  }
}
