package dev.berth.engine.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import dev.berth.model.Json;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Legacy (v1) plugins, found as dockerd finds them: sockets {@code <dir>/<name>.sock} or
 * {@code <dir>/<name>/<name>.sock} in the socket dirs, {@code <name>.spec} (an address) or
 * {@code <name>.json} ({@code {"Name","Addr"}}) in the spec dirs. A plugin is activated once
 * ({@code Plugin.Activate} → {@code Implements}) and kept. Looking up a plugin that is not there yet
 * retries with dockerd's back-off for up to the retry budget (dockerd gives up after about 15 s).
 * Thread-safe.
 */
public final class PluginRegistry {
  /** dockerd's socket and spec directories, then Berth's own. */
  public static final List<Path> SOCKET_DIRS = List.of(Path.of("/run/docker/plugins"), Path.of("/run/berth/plugins"));
  public static final List<Path> SPEC_DIRS = List.of(Path.of("/etc/docker/plugins"), Path.of("/usr/lib/docker/plugins"),
      Path.of("/etc/berth/plugins"));
  private static final System.Logger LOG = System.getLogger(PluginRegistry.class.getName());
  private static final Duration ACTIVATE_TIMEOUT = Duration.ofSeconds(30);

  private final List<Path> socketDirs;
  private final List<Path> specDirs;
  private final Duration retryBudget;
  private final Map<String, Plugin> active = new ConcurrentHashMap<>();
  private final Map<String, Object> activating = new ConcurrentHashMap<>();

  public PluginRegistry(List<Path> socketDirs, List<Path> specDirs, Duration retryBudget) {
    this.socketDirs = List.copyOf(socketDirs);
    this.specDirs = List.copyOf(specDirs);
    this.retryBudget = retryBudget;
  }

  /** The registry over dockerd's and Berth's plugin directories with dockerd's 30 s budget. */
  public static PluginRegistry system() {
    return new PluginRegistry(SOCKET_DIRS, SPEC_DIRS, Duration.ofSeconds(30));
  }

  /**
   * The plugin {@code name} implementing {@code capability}, activating it when needed.
   *
   * @throws NotFound {@code plugin "name" not found} when no socket or spec appears in time
   * @throws SystemError when it cannot be activated or does not implement {@code capability}
   */
  public Plugin get(String name, String capability) {
    var plugin = active.get(name);
    if (plugin == null) {
      plugin = activate(name, true);
    }
    if (!plugin.implementsCapability(capability)) {
      throw new SystemError("legacy plugin: Plugin does not implement the requested driver: plugin=\"" + name
          + "\", requested implementation=\"" + capability + "\"");
    }
    return plugin;
  }

  /** The plugin if it is active or can be activated now (no waiting for it to appear). */
  public Optional<Plugin> active(String name) {
    var plugin = active.get(name);
    if (plugin != null) {
      return Optional.of(plugin);
    }
    try {
      return locate(name).isPresent() ? Optional.of(activate(name, false)) : Optional.empty();
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "plugin " + name + " not usable now: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Every activated plugin, by name. */
  public List<Plugin> activePlugins() {
    return active.values().stream().sorted(java.util.Comparator.comparing(Plugin::name)).toList();
  }

  /** Every discoverable plugin implementing {@code capability}, activated without waiting; failures are skipped. */
  public List<Plugin> all(String capability, List<String> warnings) {
    var out = new ArrayList<Plugin>();
    for (var name : scan()) {
      try {
        var plugin = active.containsKey(name) ? active.get(name) : activate(name, false);
        if (plugin.implementsCapability(capability)) {
          out.add(plugin);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "plugin " + name + " not usable: " + e.getMessage());
        if (warnings != null) {
          warnings.add("plugin " + name + ": " + e.getMessage());
        }
      }
    }
    return out;
  }

  /** Names of the plugins present in the directories now (sockets first). */
  public List<String> scan() {
    var names = new LinkedHashSet<String>();
    for (var dir : socketDirs) {
      for (var entry : list(dir)) {
        var name = entry.getFileName().toString();
        if (Files.isDirectory(entry) && isSocket(entry.resolve(name + ".sock"))) {
          names.add(name);
        } else if (name.endsWith(".sock") && isSocket(entry)) {
          names.add(name.substring(0, name.length() - 5));
        }
      }
    }
    for (var dir : specDirs) {
      for (var entry : list(dir)) {
        var name = entry.getFileName().toString();
        if (Files.isDirectory(entry)) {
          if (Files.exists(entry.resolve(name + ".spec")) || Files.exists(entry.resolve(name + ".json"))) {
            names.add(name);
          }
        } else if (name.endsWith(".spec") || name.endsWith(".json")) {
          names.add(name.substring(0, name.lastIndexOf('.')));
        }
      }
    }
    return List.copyOf(names);
  }

  private Plugin activate(String name, boolean wait) {
    var lock = activating.computeIfAbsent(name, n -> new Object());
    synchronized (lock) {
      var already = active.get(name);
      if (already != null) {
        return already;
      }
      var address = wait ? locateWithRetry(name) : locate(name).orElseThrow(() -> notFound(name));
      var client = new PluginClient(address, wait ? retryBudget : Duration.ZERO);
      JsonNode manifest;
      try {
        manifest = client.call("Plugin.Activate", null, ACTIVATE_TIMEOUT);
      } catch (PluginException e) {
        throw new SystemError("legacy plugin: " + e.getMessage(), e);
      }
      var implementsList = new ArrayList<String>();
      manifest.path("Implements").forEach(n -> implementsList.add(n.asText()));
      var plugin = new Plugin(name, address.text(), implementsList, client);
      active.put(name, plugin);
      LOG.log(Level.INFO, "activated plugin " + name + " at " + address.text() + " implementing " + implementsList);
      return plugin;
    }
  }

  private PluginAddress locateWithRetry(String name) {
    long start = System.nanoTime();
    int retries = 0;
    while (true) {
      var found = locate(name);
      if (found.isPresent()) {
        return found.get();
      }
      var backoff = PluginClient.backoff(retries++);
      if (Duration.ofNanos(System.nanoTime() - start).plus(backoff).compareTo(retryBudget) >= 0) {
        throw notFound(name);
      }
      LOG.log(Level.WARNING, "Unable to locate plugin: " + name + ", retrying in " + backoff.toSeconds() + "s");
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw notFound(name);
      }
    }
  }

  /** dockerd's order: sockets, then {@code .spec}, then {@code .json}, each flat then in a same-named folder. */
  Optional<PluginAddress> locate(String name) {
    if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
      return Optional.empty();
    }
    for (var dir : socketDirs) {
      for (var p : List.of(dir.resolve(name + ".sock"), dir.resolve(name).resolve(name + ".sock"))) {
        if (isSocket(p)) {
          return Optional.of(PluginAddress.unix(p));
        }
      }
    }
    for (var ext : List.of(".spec", ".json")) {
      for (var dir : specDirs) {
        for (var p : List.of(dir.resolve(name + ext), dir.resolve(name).resolve(name + ext))) {
          if (Files.isRegularFile(p)) {
            return Optional.of(readSpec(p, ext));
          }
        }
      }
    }
    return Optional.empty();
  }

  private static PluginAddress readSpec(Path file, String ext) {
    try {
      if (ext.equals(".json")) {
        var node = Json.mapper().readTree(file.toFile());
        return PluginAddress.parse(node.path("Addr").asText());
      }
      return PluginAddress.parse(Files.readString(file));
    } catch (IOException | IllegalArgumentException e) {
      throw new SystemError("legacy plugin: " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean isSocket(Path p) {
    try {
      return Files.exists(p) && !Files.isRegularFile(p) && !Files.isDirectory(p)
          && ((Integer) Files.getAttribute(p, "unix:mode") & 0170000) == 0140000;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var entries = Files.list(dir)) {
      return entries.sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static NotFound notFound(String name) {
    return new NotFound("plugin \"" + name + "\" not found");
  }
}
