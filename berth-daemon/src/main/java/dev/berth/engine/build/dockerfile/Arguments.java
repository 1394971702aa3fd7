package dev.berth.engine.build.dockerfile;

import dev.berth.model.Json;
import java.util.ArrayList;
import java.util.List;

/** How each instruction's arguments are split (buildkit's parser dispatch table). Pure. */
final class Arguments {
  record Parsed(List<String> args, boolean json) {}

  private Arguments() {}

  static Parsed parse(String keyword, String rest, char escape, int line) {
    return switch (keyword) {
      case "run", "cmd", "entrypoint", "shell" -> maybeJson(rest);
      case "copy", "add", "volume" -> {
        var j = json(rest);
        yield j != null ? new Parsed(j, true) : new Parsed(whitespace(rest), false);
      }
      case "env", "label" -> new Parsed(nameValues(keyword, rest, escape), false);
      case "arg" -> new Parsed(words(rest, escape, Integer.MAX_VALUE), false);
      case "healthcheck" -> health(rest);
      case "workdir", "user", "stopsignal", "maintainer", "onbuild" ->
          new Parsed(rest.isEmpty() ? List.of() : List.of(rest), false);
      default -> new Parsed(whitespace(rest), false);
    };
  }

  private static Parsed maybeJson(String rest) {
    var j = json(rest);
    if (j != null) {
      return new Parsed(j, true);
    }
    return new Parsed(rest.isEmpty() ? List.of() : List.of(rest), false);
  }

  /** The strings of a JSON array of strings, or null when {@code rest} is not one. */
  static List<String> json(String rest) {
    if (!rest.startsWith("[")) {
      return null;
    }
    try {
      var node = Json.mapper().readTree(rest);
      if (node == null || !node.isArray()) {
        return null;
      }
      var out = new ArrayList<String>();
      for (var e : node) {
        if (!e.isTextual()) {
          return null;
        }
        out.add(e.asText());
      }
      return out;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static Parsed health(String rest) {
    var parts = rest.split("\\s+", 2);
    var type = parts[0].toUpperCase(java.util.Locale.ROOT);
    if (!type.equals("CMD")) {
      return new Parsed(rest.isEmpty() ? List.of() : List.of(parts[0]), false);
    }
    var cmd = maybeJson(parts.length > 1 ? parts[1].strip() : "");
    var args = new ArrayList<String>();
    args.add("CMD");
    args.addAll(cmd.args());
    return new Parsed(args, cmd.json());
  }

  /** ENV and LABEL: {@code name=value …} pairs, or the legacy {@code name value} form. */
  private static List<String> nameValues(String keyword, String rest, char escape) {
    var words = words(rest, escape, Integer.MAX_VALUE);
    if (words.isEmpty()) {
      return List.of();
    }
    var out = new ArrayList<String>();
    if (!words.getFirst().contains("=")) {
      var parts = rest.split("[ \\t]+", 2);
      if (parts.length < 2) {
        throw DockerfileParser.failed(keyword.toUpperCase(java.util.Locale.ROOT) + " must have two arguments");
      }
      out.add(parts[0]);
      out.add(parts[1]);
      return out;
    }
    for (var w : words) {
      int eq = w.indexOf('=');
      if (eq < 0) {
        throw DockerfileParser.failed("Syntax error - can't find = in \"" + w + "\". Must be of the form: name=value");
      }
      out.add(w.substring(0, eq));
      out.add(w.substring(eq + 1));
    }
    return out;
  }

  static List<String> whitespace(String rest) {
    return rest.isBlank() ? List.of() : List.of(rest.strip().split("[ \\t]+"));
  }

  /**
   * Splits on unquoted white space, keeping quotes and escapes in the words (buildkit's
   * parseWords); at most {@code max} words, the last one taking the rest.
   */
  static List<String> words(String s, char escape, int max) {
    var out = new ArrayList<String>();
    var word = new StringBuilder();
    char quote = 0;
    boolean blank = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (blank) {
        if (Character.isWhitespace(c)) {
          continue;
        }
        blank = false;
        if (out.size() == max - 1) {
          out.add(s.substring(i).strip());
          return out;
        }
      }
      if (quote == 0 && Character.isWhitespace(c)) {
        out.add(word.toString());
        word.setLength(0);
        blank = true;
        continue;
      }
      if (c == escape && i + 1 < s.length() && quote != '\'') {
        word.append(c).append(s.charAt(++i));
        continue;
      }
      if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
      word.append(c);
    }
    if (!blank) {
      out.add(word.toString());
    }
    return out;
  }

  /** Removes quotes and escapes from a word (no variable expansion). */
  static String unquote(String word, char escape) {
    var out = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c == escape && quote != '\'' && i + 1 < word.length()) {
        out.append(word.charAt(++i));
      } else if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
