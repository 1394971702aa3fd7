package dev.berth.engine.plugin;

import dev.berth.engine.error.NotFound;
import dev.berth.model.Filters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code GET /plugins} and {@code /plugins/{name}/json}: active legacy plugins shown as dockerd's {@code Plugin}. */
public final class PluginViews {
  public static final String MANAGED_UNSUPPORTED = "managed plugins are not supported by Berth: run the plugin yourself "
      + "and put its socket in /run/docker/plugins (or a .spec/.json file in /etc/docker/plugins)";
  private final PluginRegistry registry;

  public PluginViews(PluginRegistry registry) {
    this.registry = registry;
  }

  public List<Map<String, Object>> list(Filters filters) {
    filters.accept(Set.of("capability", "enable"));
    return registry.activePlugins().stream()
        .filter(p -> filters.get("capability").isEmpty() || p.implementsList().stream()
            .anyMatch(c -> filters.get("capability").stream().anyMatch(f -> f.equalsIgnoreCase(c))))
        .filter(p -> filters.get("enable").isEmpty() || filters.get("enable").contains("true"))
        .map(PluginViews::view).toList();
  }

  /** 404 {@code plugin "x" not found} unless {@code name} is an active plugin. */
  public Map<String, Object> inspect(String name) {
    var bare = name.endsWith(":latest") ? name.substring(0, name.length() - 7) : name;
    return registry.activePlugins().stream().filter(p -> p.name().equals(bare) || id(p.name()).startsWith(name))
        .findFirst().map(PluginViews::view).orElseThrow(() -> new NotFound("plugin \"" + name + "\" not found"));
  }

  private static Map<String, Object> view(Plugin p) {
    var iface = new LinkedHashMap<String, Object>();
    iface.put("Types", p.implementsList().stream().map(c -> "docker." + c.toLowerCase(Locale.ROOT) + "/1.0").toList());
    iface.put("Socket", p.address());
    var config = new LinkedHashMap<String, Object>();
    config.put("Description", "legacy plugin at " + p.address());
    config.put("Documentation", "");
    config.put("Interface", iface);
    config.put("Entrypoint", List.of());
    config.put("WorkDir", "");
    config.put("Network", Map.of("Type", ""));
    config.put("Mounts", List.of());
    config.put("Env", List.of());
    config.put("Args", Map.of("Name", "", "Description", "", "Settable", List.of(), "Value", List.of()));
    var out = new LinkedHashMap<String, Object>();
    out.put("Id", id(p.name()));
    out.put("Name", p.name());
    out.put("Enabled", true);
    out.put("Settings", Map.of("Mounts", List.of(), "Env", List.of(), "Args", List.of(), "Devices", List.of()));
    out.put("PluginReference", "");
    out.put("Config", config);
    return out;
  }

  private static String id(String name) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
