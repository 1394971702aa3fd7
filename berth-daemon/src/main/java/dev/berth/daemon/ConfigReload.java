package dev.berth.daemon;

import dev.berth.engine.events.EventBus;
import dev.berth.model.Json;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * SIGHUP: dockerd's configuration reload ({@code daemon/reload.go}). daemon.json is read and
 * checked again; the reloadable keys take effect (debug and log level at once; labels, registries,
 * live-restore and the other reported keys in /info; settings of live subsystems such as
 * max-concurrent-downloads are reported but take effect at the next start), and a
 * {@code daemon reload} event carries the resulting values with dockerd's attribute names. A file
 * that does not check out leaves everything as it was and is logged, with no event, as dockerd
 * does.
 */
final class ConfigReload {
  private static final System.Logger LOG = System.getLogger(ConfigReload.class.getName());

  private final DaemonFlags flags;
  private final EventBus events;
  private final String engineId;
  private final String hostname;
  private final Consumer<DaemonConfig> apply;

  /** @param apply hands the new configuration to the services that can take it */
  ConfigReload(DaemonFlags flags, EventBus events, String engineId, String hostname, Consumer<DaemonConfig> apply) {
    this.flags = flags;
    this.events = events;
    this.engineId = engineId;
    this.hostname = hostname;
    this.apply = apply;
  }

  void reload() {
    DaemonConfig next;
    try {
      next = DaemonConfig.from(DaemonJson.merge(flags));
    } catch (DaemonJson.ConfigException e) {
      LOG.log(Level.ERROR, "Error reconfiguring the daemon: " + e.getMessage());
      return;
    }
    Logging.configure(next.logLevel());
    apply.accept(next);
    var attributes = attributes(next, hostname);
    LOG.log(Level.INFO, "Reloaded configuration: " + json(attributes));
    events.publish("daemon", "reload", engineId, attributes);
  }

  /** The attributes of dockerd's reload event (values as dockerd formats them: JSON lists, Go %v). */
  static Map<String, String> attributes(DaemonConfig c, String hostname) {
    var a = new TreeMap<String, String>();
    a.put("debug", Boolean.toString(c.debug()));
    a.put("labels", json(c.labels()));
    a.put("max-concurrent-downloads", Integer.toString(c.maxConcurrentDownloads()));
    a.put("max-concurrent-uploads", Integer.toString(c.maxConcurrentUploads()));
    a.put("max-download-attempts", Integer.toString(c.maxDownloadAttempts()));
    a.put("shutdown-timeout", Integer.toString(c.shutdownTimeout()));
    a.put("live-restore", Boolean.toString(c.liveRestore()));
    a.put("insecure-registries", json(c.insecureRegistries()));
    a.put("registry-mirrors", json(c.registryMirrors()));
    a.put("allow-nondistributable-artifacts", "[]");
    a.put("features", "map[]");
    a.put("default-runtime", c.defaultRuntime());
    var runtimes = new StringBuilder();
    new TreeMap<>(c.runtimes()).forEach((name, rt) -> {
      if (!runtimes.isEmpty()) runtimes.append(' ');
      runtimes.append(name).append(':').append(rt.path());
    });
    a.put("runtimes", runtimes.toString());
    a.put("default-shm-size", Long.toString(shmBytes(c.defaultShmSize())));
    a.put("default-ipc-mode", "private");
    a.put("default-cgroupns-mode", "host");
    a.put("name", hostname);
    return a;
  }

  /** "64M" → 67108864 (RAMInBytes: binary units). */
  static long shmBytes(String size) {
    var m = java.util.regex.Pattern.compile("^(\\d+)\\s*([kKmMgGtT]?)[iI]?[bB]?$").matcher(size.strip());
    if (!m.matches()) return 67108864L;
    long n = Long.parseLong(m.group(1));
    int power = "kmgt".indexOf(m.group(2).toLowerCase()) + 1;
    return n << (10 * power);
  }

  private static String json(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}
