package dev.berth.engine.build.dockerfile;

import java.util.List;

/**
 * A parsed Dockerfile.
 *
 * @param escape the escape character ({@code \} or {@code `}, from {@code # escape=})
 * @param syntax the {@code # syntax=} directive, or empty
 * @param instructions every instruction, in order
 * @param warnings what dockerd would warn about (empty continuation lines)
 */
public record Dockerfile(char escape, String syntax, List<Instruction> instructions, List<String> warnings) {
  public Dockerfile {
    instructions = List.copyOf(instructions);
    warnings = List.copyOf(warnings);
  }
}
