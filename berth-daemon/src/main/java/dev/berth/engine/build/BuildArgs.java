package dev.berth.engine.build;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Build arguments as moby's {@code builder/dockerfile/buildargs.go} keeps them: values from {@code
 * --build-arg}, the ARGs declared before the first FROM (meta args, used by FROM) and in the current
 * stage (reset at each FROM), and the predefined proxy args, which are usable without an ARG but
 * left out of the cache key and history unless declared. Not thread-safe (one build).
 */
final class BuildArgs {
  static final Set<String> BUILTIN = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY",
      "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

  private final Map<String, String> fromOptions;
  private final Map<String, String> meta = new LinkedHashMap<>();
  private final Map<String, String> allowed = new LinkedHashMap<>();
  private final Set<String> referenced = new HashSet<>();
  private final Set<String> everAllowed = new HashSet<>();

  BuildArgs(Map<String, String> fromOptions) {
    this.fromOptions = new HashMap<>(fromOptions);
  }

  /** An ARG before the first FROM. */
  void addMeta(String key, String value) {
    meta.put(key, value);
    everAllowed.add(key);
  }

  /** An ARG in a stage; without a default it takes the meta arg's value. */
  void add(String key, String value) {
    if (value == null && meta.containsKey(key)) {
      value = value(key, meta);
    }
    allowed.put(key, value);
    referenced.add(key);
    everAllowed.add(key);
  }

  /** At FROM: the stage's ARGs go out of scope. */
  void resetStage() {
    allowed.clear();
  }

  /** The meta args with their values, for expanding FROM. */
  Map<String, String> metaValues() {
    var out = new LinkedHashMap<String, String>();
    for (var k : meta.keySet()) {
      var v = value(k, meta);
      if (v != null) {
        out.put(k, v);
      }
    }
    builtins(out);
    return out;
  }

  /** {@code KEY=value} for every usable arg with a value whose key {@code env} does not set (moby FilterAllowed). */
  List<String> filterAllowed(List<String> env) {
    var keys = new HashSet<String>();
    for (var e : env) {
      keys.add(e.split("=", 2)[0]);
    }
    var all = new LinkedHashMap<String, String>();
    for (var k : allowed.keySet()) {
      var v = value(k, allowed);
      if (v != null) {
        all.put(k, v);
      }
    }
    builtins(all);
    var out = new ArrayList<String>();
    all.forEach((k, v) -> {
      if (!keys.contains(k)) {
        out.add(k + "=" + v);
      }
    });
    return out;
  }

  /** A declared arg, or a proxy arg only when an ARG named it (moby IsReferencedOrNotBuiltin). */
  boolean inCacheKey(String key) {
    return referenced.contains(key) || !BUILTIN.contains(key);
  }

  /** The {@code --build-arg} names no ARG took, sorted (moby WarnOnUnusedBuildArgs). */
  List<String> unused() {
    var out = new TreeSet<String>();
    for (var k : fromOptions.keySet()) {
      if (!everAllowed.contains(k) && !BUILTIN.contains(k)) {
        out.add(k);
      }
    }
    return List.copyOf(out);
  }

  private String value(String key, Map<String, String> declared) {
    if (fromOptions.containsKey(key) && fromOptions.get(key) != null) {
      return fromOptions.get(key);
    }
    return declared.get(key);
  }

  private void builtins(Map<String, String> into) {
    for (var k : BUILTIN) {
      var v = fromOptions.get(k);
      if (v != null && !into.containsKey(k)) {
        into.put(k, v);
      }
    }
  }
}
