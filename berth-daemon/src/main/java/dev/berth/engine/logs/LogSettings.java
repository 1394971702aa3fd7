package dev.berth.engine.logs;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.HostConfig.LogConfig;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A container's log driver with its option values checked, as dockerd checks them when it starts
 * the container's logger (moby {@code jsonfilelog.New}, {@code local.New}); the exception texts
 * are dockerd's (the caller prefixes "failed to initialize logging driver: ").
 *
 * @param maxSize rotate when the file reaches this many bytes; -1 never
 * @param maxFiles files kept, the current one included
 * @param attrs the {@code --details} attributes (json-file's labels, env and tag), sorted by key
 */
public record LogSettings(String driver, long maxSize, int maxFiles, boolean compress, Map<String, String> attrs) {
  static final long LOCAL_MAX_SIZE = 20L * 1024 * 1024;
  static final int LOCAL_MAX_FILES = 5;

  public LogSettings {
    attrs = Map.copyOf(attrs);
  }

  /** @throws InvalidArgument with dockerd's text for a bad value */
  public static LogSettings of(LogConfig config, LogInfo info) {
    var opts = config.config() == null ? Map.<String, String>of() : config.config();
    return switch (config.type()) {
      case LogDrivers.JSON_FILE -> jsonFile(opts, info);
      case LogDrivers.LOCAL -> local(opts);
      case LogDrivers.NONE -> new LogSettings(LogDrivers.NONE, -1, 1, false, Map.of());
      default -> throw new InvalidArgument(
          "error looking up logging plugin " + config.type() + ": plugin \"" + config.type() + "\" not found");
    };
  }

  public boolean readable() {
    return !driver.equals(LogDrivers.NONE);
  }

  public boolean rotates() {
    return maxSize > 0;
  }

  private static LogSettings jsonFile(Map<String, String> opts, LogInfo info) {
    long maxSize = -1;
    if (opts.containsKey("max-size")) {
      maxSize = HumanSize.fromHumanSize(opts.get("max-size"), "");
      if (maxSize <= 0) throw new InvalidArgument("max-size must be a positive number");
    }
    int maxFiles = 1;
    if (opts.containsKey("max-file")) {
      maxFiles = atoi(opts.get("max-file"), "");
      if (maxFiles < 1) throw new InvalidArgument("max-file cannot be less than 1");
    }
    boolean compress = false;
    if (opts.containsKey("compress")) {
      compress = parseBool(opts.get("compress"), "");
      if (compress && (maxFiles == 1 || maxSize == -1)) {
        throw new InvalidArgument("compress cannot be true when max-file is less than 2 or max-size is not set");
      }
    }
    var attrs = extraAttributes(opts, info);
    if (opts.containsKey("tag")) {
      var tag = LogTag.expand(opts.get("tag"), info);
      if (!tag.isEmpty()) attrs.put("tag", tag);
    }
    return new LogSettings(LogDrivers.JSON_FILE, maxSize, maxFiles, compress, attrs);
  }

  private static LogSettings local(Map<String, String> opts) {
    long maxSize = LOCAL_MAX_SIZE;
    if (opts.containsKey("max-size")) {
      maxSize = HumanSize.fromHumanSize(opts.get("max-size"), "invalid value for max-size: " + opts.get("max-size") + ": ");
    }
    int maxFiles = LOCAL_MAX_FILES;
    if (opts.containsKey("max-file")) {
      maxFiles = atoi(opts.get("max-file"), "invalid value for max-file: " + opts.get("max-file") + ": ");
    }
    boolean compress = true;
    if (opts.containsKey("compress")) compress = parseBool(opts.get("compress"), "error reading compress log option: ");
    if (maxSize < 0) throw new InvalidArgument("max size should be a positive number");
    if (maxFiles < 0) throw new InvalidArgument("max file count cannot be less than 0");
    if (compress && maxFiles <= 1) throw new InvalidArgument("compression cannot be enabled when max file count is 1");
    return new LogSettings(LogDrivers.LOCAL, maxSize == 0 ? -1 : maxSize, Math.max(1, maxFiles), compress, Map.of());
  }

  /** moby {@code logger.Info.ExtraAttributes}: the listed or matching labels and env variables. */
  private static TreeMap<String, String> extraAttributes(Map<String, String> opts, LogInfo info) {
    var out = new TreeMap<String, String>();
    var labels = opts.get("labels");
    if (labels != null && !labels.isEmpty()) {
      for (var key : labels.split(",")) {
        if (info.labels().containsKey(key)) out.put(key, info.labels().get(key));
      }
    }
    var labelsRegex = regex(opts.get("labels-regex"));
    if (labelsRegex != null) {
      info.labels().forEach((k, v) -> {
        if (labelsRegex.matcher(k).find()) out.put(k, v);
      });
    }
    var env = new TreeMap<String, String>();
    for (var entry : info.env()) {
      int eq = entry.indexOf('=');
      if (eq > 0) env.put(entry.substring(0, eq), entry.substring(eq + 1));
    }
    var envKeys = opts.get("env");
    if (envKeys != null && !envKeys.isEmpty()) {
      for (var key : envKeys.split(",")) {
        if (env.containsKey(key)) out.put(key, env.get(key));
      }
    }
    var envRegex = regex(opts.get("env-regex"));
    if (envRegex != null) {
      env.forEach((k, v) -> {
        if (envRegex.matcher(k).find()) out.put(k, v);
      });
    }
    return out;
  }

  private static Pattern regex(String raw) {
    if (raw == null || raw.isEmpty()) return null;
    try {
      return Pattern.compile(raw);
    } catch (PatternSyntaxException e) {
      throw new InvalidArgument("error parsing regexp: " + e.getDescription() + ": `" + raw + "`");
    }
  }

  /** Go's {@code strconv.Atoi}, with its error text. */
  private static int atoi(String s, String prefix) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new InvalidArgument(prefix + "strconv.Atoi: parsing \"" + s + "\": invalid syntax");
    }
  }

  /** Go's {@code strconv.ParseBool}, with its error text. */
  private static boolean parseBool(String s, String prefix) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw new InvalidArgument(prefix + "strconv.ParseBool: parsing \"" + s + "\": invalid syntax");
    };
  }
}
