package dev.berth.engine.build.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * One Dockerfile instruction as parsed, before variable substitution.
 *
 * @param keyword lower case ({@code run}, {@code copy}, …)
 * @param flags the leading {@code --name[=value]} options, as written
 * @param args the arguments: for JSON forms the decoded strings; for shell forms of RUN, CMD,
 *     ENTRYPOINT, WORKDIR, USER, STOPSIGNAL and ONBUILD the rest of the line as one string; for ENV and LABEL
 *     name/value pairs (values as written, quotes kept); otherwise the whitespace-separated words
 * @param json whether the JSON (exec) form was used
 * @param original the instruction's text with continuations joined, as dockerd prints it in {@code Step N/M : …}
 * @param line the 1-based line the instruction starts on
 * @param heredocs here-documents that follow the instruction, in order
 */
public record Instruction(String keyword, List<String> flags, List<String> args, boolean json, String original,
    int line, List<Heredoc> heredocs) {
  public Instruction {
    flags = List.copyOf(flags);
    args = List.copyOf(args);
    heredocs = List.copyOf(heredocs);
  }

  /** The value of {@code --name=value}, {@code ""} for a bare {@code --name}, empty when absent. */
  public Optional<String> flag(String name) {
    for (var f : flags) {
      if (f.equals("--" + name)) {
        return Optional.of("");
      }
      if (f.startsWith("--" + name + "=")) {
        return Optional.of(f.substring(name.length() + 3));
      }
    }
    return Optional.empty();
  }
}
