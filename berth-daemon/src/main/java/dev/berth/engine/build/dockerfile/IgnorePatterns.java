package dev.berth.engine.build.dockerfile;

import dev.berth.engine.error.InvalidArgument;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code .dockerignore} rules with moby's patternmatcher semantics: Go {@code filepath.Match} globs
 * plus {@code **}, {@code !} exceptions (the last matching rule wins), a leading {@code /} ignored,
 * and a file matching when the pattern matches it or one of its parent directories. Immutable.
 */
public final class IgnorePatterns {
  private record Rule(Pattern regex, boolean exclusion) {}

  private final List<Rule> rules;

  private IgnorePatterns(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Parses a {@code .dockerignore} file's text (comments, blank lines, {@code !}, leading {@code /}). */
  public static IgnorePatterns parse(String text) {
    var patterns = new ArrayList<String>();
    for (var raw : text.split("\r?\n")) {
      if (raw.startsWith("#")) {
        continue;
      }
      var p = raw.strip();
      if (p.isEmpty()) {
        continue;
      }
      boolean invert = p.startsWith("!");
      if (invert) {
        p = p.substring(1).strip();
      }
      if (!p.isEmpty()) {
        p = clean(p);
        if (p.length() > 1 && p.startsWith("/")) {
          p = p.substring(1);
        }
      }
      patterns.add(invert ? "!" + p : p);
    }
    return of(patterns);
  }

  /** From patterns already read ({@code !} prefix for exceptions). */
  public static IgnorePatterns of(List<String> patterns) {
    var rules = new ArrayList<Rule>();
    for (var raw : patterns) {
      var p = raw.strip();
      if (p.isEmpty()) {
        continue;
      }
      boolean exclusion = p.startsWith("!");
      if (exclusion) {
        if (p.length() == 1) {
          throw new InvalidArgument("illegal exclusion pattern: \"!\"");
        }
        p = p.substring(1);
      }
      rules.add(new Rule(Pattern.compile(regex(clean(p))), exclusion));
    }
    return new IgnorePatterns(rules);
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** Whether {@code file} (slash-separated, relative to the context root) is excluded. */
  public boolean excludes(String file) {
    file = clean(file);
    int slash = file.lastIndexOf('/');
    var parent = slash < 0 ? "." : file.substring(0, slash);
    var parentDirs = parent.split("/");
    boolean matched = false;
    for (var rule : rules) {
      if (rule.exclusion() != matched) {
        continue;
      }
      boolean match = rule.regex().matcher(file).matches();
      if (!match && !parent.equals(".")) {
        var prefix = new StringBuilder();
        for (var dir : parentDirs) {
          if (!prefix.isEmpty()) {
            prefix.append('/');
          }
          prefix.append(dir);
          if (rule.regex().matcher(prefix).matches()) {
            match = true;
            break;
          }
        }
      }
      if (match) {
        matched = !rule.exclusion();
      }
    }
    return matched;
  }

  private static String regex(String pattern) {
    var re = new StringBuilder("^");
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
          i++;
          if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
            i++;
          }
          re.append(i + 1 >= pattern.length() ? ".*" : "(.*/)?");
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else if (".+()|{}$".indexOf(c) >= 0) {
        re.append('\\').append(c);
      } else if (c == '\\') {
        re.append(i + 1 < pattern.length() ? "\\" + pattern.charAt(++i) : "\\\\");
      } else if (c == '[' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '^') {
        re.append("[^");
        i++;
      } else {
        re.append(c);
      }
    }
    try {
      Pattern.compile(re + "$");
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new InvalidArgument("syntax error in pattern");
    }
    return re.append('$').toString();
  }

  /** Go's {@code filepath.Clean} for slash paths. */
  static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.startsWith("/");
    var out = new ArrayList<String>();
    for (var part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty() && !out.getLast().equals("..")) {
          out.removeLast();
        } else if (!rooted) {
          out.add("..");
        }
        continue;
      }
      out.add(part);
    }
    var joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }
}
