package dev.berth.engine.image;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.ContainerConfig;
import dev.berth.model.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies {@code docker import -c}/{@code commit -c} changes (Dockerfile instructions limited to
 * dockerd's commit set) to a container config. Pure.
 */
public final class ConfigChanges {
  private static final Set<String> VALID =
      Set.of("cmd", "entrypoint", "env", "expose", "healthcheck", "label", "onbuild", "stopsignal", "user", "volume", "workdir");

  /** A marker key while applying: CMD was among the changes. */
  private static final String CMD_SET = " cmdSet";

  private ConfigChanges() {}

  /**
   * {@code base} with {@code changes} applied (moby {@code dockerfile.BuildFromConfig}): commit's
   * {@code -c} and the builder's metadata steps. Throws InvalidArgument with dockerd's text.
   */
  @SuppressWarnings("unchecked")
  public static ContainerConfig applyTo(ContainerConfig base, List<String> changes) {
    var tree = base == null ? new LinkedHashMap<String, Object>() : Json.mapper().convertValue(base, LinkedHashMap.class);
    tree.values().removeIf(java.util.Objects::isNull);
    return merge(apply(tree, changes));
  }

  static Map<String, Object> apply(List<String> changes) {
    return apply(new LinkedHashMap<>(), changes);
  }

  private static Map<String, Object> apply(Map<String, Object> c, List<String> changes) {
    applyAll(c, changes);
    c.remove(CMD_SET);
    return c;
  }

  private static void applyAll(Map<String, Object> c, List<String> changes) {
    for (var change : changes) {
      for (var line : change.split("\n")) {
        var trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        int sp = indexOfSpace(trimmed);
        var cmd = (sp < 0 ? trimmed : trimmed.substring(0, sp)).toLowerCase();
        var args = sp < 0 ? "" : trimmed.substring(sp).strip();
        if (!VALID.contains(cmd)) {
          throw new InvalidArgument(cmd + " is not a valid change command");
        }
        applyOne(c, cmd, args);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void applyOne(Map<String, Object> c, String cmd, String args) {
    switch (cmd) {
      case "cmd" -> {
        c.put("Cmd", command(args));
        c.put(CMD_SET, true);
      }
      case "entrypoint" -> {
        c.put("Entrypoint", command(args));
        if (!c.containsKey(CMD_SET)) c.remove("Cmd"); // moby: ENTRYPOINT resets a CMD not set by these changes
      }
      case "env" -> {
        var env = (List<String>) c.computeIfAbsent("Env", k -> new ArrayList<String>());
        for (var kv : pairs(args, "ENV")) {
          env.removeIf(e -> e.startsWith(kv[0] + "="));
          env.add(kv[0] + "=" + kv[1]);
        }
      }
      case "label" -> {
        var labels = (Map<String, String>) c.computeIfAbsent("Labels", k -> new LinkedHashMap<String, String>());
        for (var kv : pairs(args, "LABEL")) {
          labels.put(kv[0], kv[1]);
        }
      }
      case "expose" -> {
        var ports = (Map<String, Object>) c.computeIfAbsent("ExposedPorts", k -> new LinkedHashMap<String, Object>());
        for (var p : words(args)) {
          ports.put(p.contains("/") ? p.toLowerCase() : p + "/tcp", Map.of());
        }
      }
      case "volume" -> {
        var vols = (Map<String, Object>) c.computeIfAbsent("Volumes", k -> new LinkedHashMap<String, Object>());
        var list = args.startsWith("[") ? jsonArray(args) : words(args);
        for (var v : list) {
          vols.put(v, Map.of());
        }
      }
      case "workdir" -> {
        var prev = (String) c.getOrDefault("WorkingDir", "");
        c.put("WorkingDir", args.startsWith("/") || prev.isEmpty() ? (args.startsWith("/") ? args : "/" + args) : prev + "/" + args);
      }
      case "user" -> c.put("User", args);
      case "stopsignal" -> c.put("StopSignal", args);
      case "onbuild" -> ((List<String>) c.computeIfAbsent("OnBuild", k -> new ArrayList<String>())).add(args);
      case "healthcheck" -> {
        if (args.equalsIgnoreCase("none")) {
          c.put("Healthcheck", Map.of("Test", List.of("NONE")));
        } else if (args.toUpperCase().startsWith("CMD")) {
          var rest = args.substring(3).strip();
          var test = new ArrayList<String>();
          if (rest.startsWith("[")) {
            test.add("CMD");
            test.addAll(jsonArray(rest));
          } else {
            test.add("CMD-SHELL");
            test.add(rest);
          }
          c.put("Healthcheck", Map.of("Test", test));
        } else {
          throw new InvalidArgument("Unknown type \"" + args + "\" in HEALTHCHECK (try CMD)");
        }
      }
      default -> throw new InvalidArgument(cmd + " is not a valid change command");
    }
  }

  /** Merges changes over a base config into the config the image stores. */
  static ContainerConfig merge(Map<String, Object> changes) {
    return Json.mapper().convertValue(changes, ContainerConfig.class);
  }

  private static List<String> command(String args) {
    if (args.startsWith("[")) {
      try {
        return jsonArray(args);
      } catch (InvalidArgument e) {
        // not JSON: dockerd falls back to the shell form
      }
    }
    return List.of("/bin/sh", "-c", args);
  }

  private static List<String> jsonArray(String args) {
    try {
      return List.of(Json.mapper().readValue(args, String[].class));
    } catch (Exception e) {
      throw new InvalidArgument("invalid JSON array: " + args);
    }
  }

  /** {@code k=v k2="v 2"} or the legacy {@code k v w} form (value = rest of the line). */
  private static List<String[]> pairs(String args, String what) {
    var out = new ArrayList<String[]>();
    var words = words(args);
    if (words.isEmpty()) {
      throw new InvalidArgument(what + " requires at least one argument");
    }
    if (!words.getFirst().contains("=")) {
      int sp = indexOfSpace(args);
      if (sp < 0) {
        throw new InvalidArgument(what + " must have two arguments");
      }
      out.add(new String[] {words.getFirst(), unquote(args.substring(sp).strip())});
      return out;
    }
    for (var w : words) {
      int eq = w.indexOf('=');
      if (eq <= 0) {
        throw new InvalidArgument("Syntax error - can't find = in \"" + w + "\". Must be of the form: name=value");
      }
      out.add(new String[] {w.substring(0, eq), w.substring(eq + 1)});
    }
    return out;
  }

  /** Splits on unquoted whitespace, removing quotes and backslash escapes. */
  static List<String> words(String s) {
    var out = new ArrayList<String>();
    var cur = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        } else if (ch == '\\' && quote == '"' && i + 1 < s.length()) {
          cur.append(s.charAt(++i));
        } else {
          cur.append(ch);
        }
      } else if (ch == '"' || ch == '\'') {
        quote = ch;
        inWord = true;
      } else if (ch == '\\' && i + 1 < s.length()) {
        cur.append(s.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(ch)) {
        if (inWord) {
          out.add(cur.toString());
          cur.setLength(0);
          inWord = false;
        }
      } else {
        cur.append(ch);
        inWord = true;
      }
    }
    if (inWord) {
      out.add(cur.toString());
    }
    return out;
  }

  private static String unquote(String s) {
    var w = words(s);
    return w.size() == 1 ? w.getFirst() : s;
  }

  private static int indexOfSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
