package dev.berth.engine.build.dockerfile;

import dev.berth.engine.error.InvalidArgument;
import java.util.Map;

/**
 * Variable substitution and quote removal in instruction arguments, as buildkit's shell lexer does
 * it for the classic builder: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-word}}, {@code ${VAR-word}},
 * {@code ${VAR:+word}}, {@code ${VAR+word}}, {@code ${VAR:?message}}, single quotes (literal), double
 * quotes (expanding) and the escape character. Pure; one instance per word.
 */
public final class ShellLex {
  private final String s;
  private final Map<String, String> env;
  private final char escape;
  private final boolean quotes;
  private int pos;

  private ShellLex(String s, Map<String, String> env, char escape, boolean quotes) {
    this.s = s;
    this.env = env;
    this.escape = escape;
    this.quotes = quotes;
  }

  /** Expands {@code word} with {@code env}; a missing variable is empty. */
  public static String processWord(String word, Map<String, String> env, char escape) {
    return new ShellLex(word, env, escape, true).until((char) 0);
  }

  /** Expands a here-document's body: variables only; quotes stay as written (buildkit's SkipProcessQuotes). */
  public static String processHeredoc(String text, Map<String, String> env, char escape) {
    return new ShellLex(text, env, escape, false).until((char) 0);
  }

  /** Reads until {@code stop} (outside quotes) or the end; consumes {@code stop}. */
  private String until(char stop) {
    var out = new StringBuilder();
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (stop != 0 && c == stop) {
        pos++;
        return out.toString();
      }
      pos++;
      if (c == escape) {
        if (pos < s.length() && (quotes || s.charAt(pos) == '$' || s.charAt(pos) == escape)) {
          out.append(s.charAt(pos++));
        } else if (!quotes) {
          out.append(c);
        }
      } else if (c == '\'' && quotes) {
        int end = s.indexOf('\'', pos);
        if (end < 0) {
          throw new InvalidArgument("unexpected end of statement while looking for matching single-quote");
        }
        out.append(s, pos, end);
        pos = end + 1;
      } else if (c == '"' && quotes) {
        out.append(doubleQuoted());
      } else if (c == '$') {
        out.append(dollar());
      } else {
        out.append(c);
      }
    }
    if (stop == '}') {
      throw new InvalidArgument("syntax error: missing '}'");
    }
    return out.toString();
  }

  private String doubleQuoted() {
    var out = new StringBuilder();
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '$') {
        out.append(dollar());
      } else if (c == escape && pos < s.length()) {
        char n = s.charAt(pos);
        if (n == '"' || n == '$' || n == escape) {
          out.append(n);
          pos++;
        } else {
          out.append(c);
        }
      } else {
        out.append(c);
      }
    }
    throw new InvalidArgument("unexpected end of statement while looking for matching double-quote");
  }

  private String dollar() {
    if (pos >= s.length()) {
      return "$";
    }
    char c = s.charAt(pos);
    if (c != '{') {
      var name = name();
      return name.isEmpty() ? "$" : env.getOrDefault(name, "");
    }
    pos++;
    var name = name();
    if (name.isEmpty()) {
      throw new InvalidArgument("bad substitution");
    }
    if (pos >= s.length()) {
      throw new InvalidArgument("syntax error: missing '}'");
    }
    char m = s.charAt(pos++);
    if (m == '}') {
      return env.getOrDefault(name, "");
    }
    boolean colon = m == ':';
    if (colon) {
      if (pos >= s.length()) {
        throw new InvalidArgument("syntax error: missing '}'");
      }
      m = s.charAt(pos++);
    }
    var value = env.get(name);
    var word = until('}');
    boolean set = value != null && (!colon || !value.isEmpty());
    return switch (m) {
      case '-' -> set ? value : word;
      case '+' -> set ? word : "";
      case '?' -> {
        if (!set) {
          throw new InvalidArgument(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
        }
        yield value;
      }
      default -> throw new InvalidArgument("unsupported modifier (" + m + ") in substitution");
    };
  }

  private String name() {
    int start = pos;
    while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
      pos++;
    }
    return s.substring(start, pos);
  }
}
