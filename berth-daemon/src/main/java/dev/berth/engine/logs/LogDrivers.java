package dev.berth.engine.logs;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.HostConfig.LogConfig;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The log drivers Berth has ({@code json-file}, {@code local}, {@code none}) and the daemon's
 * default ({@code log-driver}/{@code log-opts}). {@link #resolve} is moby's
 * {@code mergeAndVerifyLogConfig}, run at container create: the type defaults to the daemon's, the
 * daemon's options fill in when the types match, and the option keys are checked with dockerd's
 * texts. Option values are checked at start ({@link LogSettings}), as dockerd does. Immutable.
 */
public final class LogDrivers {
  public static final String JSON_FILE = "json-file";
  public static final String LOCAL = "local";
  public static final String NONE = "none";

  static final Set<String> JSON_FILE_OPTS = Set.of("max-file", "max-size", "compress", "labels", "labels-regex", "env",
      "env-regex", "tag");
  static final Set<String> LOCAL_OPTS = Set.of("max-file", "max-size", "compress");

  private final LogConfig defaults;

  /** @param defaults the daemon's default type and options (daemon.json {@code log-driver}, {@code log-opts}) */
  public LogDrivers(LogConfig defaults) {
    this.defaults = new LogConfig(defaults.type() == null || defaults.type().isEmpty() ? JSON_FILE : defaults.type(),
        defaults.config() == null ? Map.of() : Map.copyOf(defaults.config()));
  }

  public static LogDrivers jsonFile() {
    return new LogDrivers(new LogConfig(JSON_FILE, Map.of()));
  }

  public LogConfig defaults() {
    return defaults;
  }

  /** The container's log config as stored and shown by inspect; throws InvalidArgument (400) for a bad one. */
  public LogConfig resolve(LogConfig requested) {
    var type = requested == null || requested.type() == null || requested.type().isEmpty() ? defaults.type() : requested.type();
    var config = new TreeMap<String, String>(); // Go marshals maps sorted by key
    if (requested != null && requested.config() != null) config.putAll(requested.config());
    if (type.equals(defaults.type())) defaults.config().forEach(config::putIfAbsent);
    validate(type, config);
    return new LogConfig(type, config);
  }

  /**
   * moby {@code logger.ValidateLogOpts}: nothing is checked for {@code none}; then {@code mode} and
   * {@code max-buffer-size}, the driver's existence, and the driver's own option keys.
   */
  public static void validate(String type, Map<String, String> config) {
    if (type.equals(NONE)) return;
    var mode = config.getOrDefault("mode", "");
    if (!mode.isEmpty() && !mode.equals("blocking") && !mode.equals("non-blocking")) {
      throw new InvalidArgument("logger: logging mode not supported: " + mode);
    }
    if (config.containsKey("max-buffer-size")) {
      if (!mode.equals("non-blocking")) {
        throw new InvalidArgument("logger: max-buffer-size option is only supported with 'mode=non-blocking'");
      }
      HumanSize.ramInBytes(config.get("max-buffer-size"), "error parsing option max-buffer-size: ");
    }
    var keys = new TreeSet<>(config.keySet());
    keys.remove("mode");
    keys.remove("max-buffer-size");
    switch (type) {
      case JSON_FILE -> {
        for (var k : keys) {
          if (!JSON_FILE_OPTS.contains(k)) throw new InvalidArgument("unknown log opt '" + k + "' for json-file log driver");
        }
      }
      case LOCAL -> {
        for (var k : keys) {
          if (!LOCAL_OPTS.contains(k)) throw new InvalidArgument("unknown log opt '" + k + "' for log driver local");
        }
      }
      default -> throw new InvalidArgument("error looking up logging plugin " + type + ": plugin \"" + type + "\" not found");
    }
  }
}
