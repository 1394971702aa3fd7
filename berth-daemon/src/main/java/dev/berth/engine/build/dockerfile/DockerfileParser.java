package dev.berth.engine.build.dockerfile;

import dev.berth.engine.error.InvalidArgument;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses Dockerfile text as dockerd's classic builder does (the buildkit parser it vendors):
 * parser directives, comments, line continuations, here-documents, then each instruction's flags
 * and arguments ({@link Arguments}), then the per-instruction checks ({@link InstructionRules}).
 * Errors are {@link InvalidArgument} with dockerd's text ({@code dockerfile parse error line 4:
 * unknown instruction: FOO}). Pure and thread-safe.
 */
public final class DockerfileParser {
  private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
  private static final Pattern HEREDOC = Pattern.compile("^<<(-?)([\"']?)([a-zA-Z_][a-zA-Z0-9_]*)\\2$");

  private DockerfileParser() {}

  public static Dockerfile parse(String text) {
    var lines = text.replace("\r\n", "\n").split("\n", -1);
    char escape = '\\';
    var syntax = "";
    var seen = new HashSet<String>();
    int i = 0;
    for (; i < lines.length; i++) {
      var m = DIRECTIVE.matcher(lines[i].strip());
      if (!m.matches()) {
        break;
      }
      var key = m.group(1).toLowerCase(Locale.ROOT);
      if (!key.equals("escape") && !key.equals("syntax")) {
        continue;
      }
      if (!seen.add(key)) {
        throw failed("only one " + key + " parser directive can be used");
      }
      if (key.equals("escape")) {
        var v = m.group(2);
        if (!v.equals("\\") && !v.equals("`")) {
          throw failed("invalid escape token '" + v + "' does not match ` or \\");
        }
        escape = v.charAt(0);
      } else {
        syntax = m.group(2);
      }
    }
    var continuation = Pattern.compile(Pattern.quote(String.valueOf(escape)) + "[ \\t]*$");
    var out = new ArrayList<Instruction>();
    var warnings = new ArrayList<String>();
    for (i = 0; i < lines.length; i++) {
      var first = lines[i].stripLeading();
      if (first.isEmpty() || first.startsWith("#")) {
        continue;
      }
      int start = i + 1;
      var line = new StringBuilder();
      boolean more = append(line, first, continuation);
      while (more && i + 1 < lines.length) {
        var next = lines[++i];
        if (next.stripLeading().startsWith("#")) {
          continue;
        }
        if (next.isBlank()) {
          warnings.add("Empty continuation line found in: " + line.toString().strip());
          continue;
        }
        more = append(line, next, continuation);
      }
      var joined = line.toString().strip();
      if (joined.isEmpty()) {
        continue;
      }
      var heredocs = new ArrayList<Heredoc>();
      i = readHeredocs(joined, lines, i, heredocs, escape);
      out.add(instruction(joined, start, heredocs, escape));
    }
    return new Dockerfile(escape, syntax, out, warnings);
  }

  /** Appends one physical line; returns whether it ended in a continuation. */
  private static boolean append(StringBuilder line, String text, Pattern continuation) {
    var m = continuation.matcher(text);
    if (m.find()) {
      line.append(text, 0, m.start());
      return true;
    }
    line.append(text);
    return false;
  }

  /** Parses a single instruction line (also used for ONBUILD triggers). */
  static Instruction instruction(String text, int line, List<Heredoc> heredocs, char escape) {
    int sp = 0;
    while (sp < text.length() && !Character.isWhitespace(text.charAt(sp))) {
      sp++;
    }
    var word = text.substring(0, sp);
    var keyword = word.toLowerCase(Locale.ROOT);
    var rest = text.substring(sp).strip();
    var flags = new ArrayList<String>();
    while (rest.startsWith("--")) {
      flags.add(Arguments.unquote(Arguments.words(rest, escape, 2).getFirst(), escape));
      rest = rest.substring(Math.min(rest.length(), rawLength(rest))).strip();
    }
    if (!InstructionRules.known(keyword)) {
      throw parseError(line, "unknown instruction: " + word.toUpperCase(Locale.ROOT));
    }
    var parsed = Arguments.parse(keyword, rest, escape, line);
    var ins = new Instruction(keyword, flags, parsed.args(), parsed.json(), text, line, heredocs);
    InstructionRules.check(ins, escape);
    return ins;
  }

  /** The length of the first whitespace-separated word of {@code s}, quotes respected. */
  private static int rawLength(String s) {
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (Character.isWhitespace(c)) {
        return i;
      }
    }
    return s.length();
  }

  /** Reads the bodies of {@code <<WORD} heredocs of RUN, COPY and ADD; returns the last line index used. */
  private static int readHeredocs(String joined, String[] lines, int i, List<Heredoc> out, char escape) {
    var keyword = joined.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    if (!keyword.equals("run") && !keyword.equals("copy") && !keyword.equals("add")) {
      return i;
    }
    for (var word : Arguments.words(joined, escape, Integer.MAX_VALUE)) {
      var m = HEREDOC.matcher(word);
      if (!m.matches()) {
        continue;
      }
      boolean chomp = !m.group(1).isEmpty();
      var name = m.group(3);
      var body = new StringBuilder();
      boolean closed = false;
      while (i + 1 < lines.length) {
        var next = lines[++i];
        var cmp = chomp ? next.replaceFirst("^\\t+", "") : next;
        if (cmp.equals(name)) {
          closed = true;
          break;
        }
        body.append(cmp).append('\n');
      }
      if (!closed) {
        throw failed("unterminated heredoc " + name);
      }
      out.add(new Heredoc(name, body.toString(), m.group(2).isEmpty(), chomp));
    }
    return i;
  }

  /** Go's {@code time.ParseDuration} as HEALTHCHECK flags take it; IllegalArgumentException with Go's text. */
  public static java.time.Duration duration(String text) {
    return InstructionRules.duration(text);
  }

  static InvalidArgument parseError(int line, String message) {
    return new InvalidArgument("dockerfile parse error line " + line + ": " + message);
  }

  static InvalidArgument failed(String message) {
    return new InvalidArgument("failed to parse Dockerfile: " + message);
  }
}
