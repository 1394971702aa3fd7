package dev.berth.runtime;

import dev.berth.engine.error.SystemError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Runs the OCI runtime binary (runc) against a private state root. Stateless; thread-safe. */
final class Runc {
  private static final Pattern MSG = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final long TIMEOUT_SECONDS = 60;

  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }

    /** runc's error message: the {@code msg="…"} of its last log line, or the output trimmed. */
    String message() {
      return Runc.message(output);
    }
  }

  private final Path binary;
  private final Path root;

  Runc(Path binary, Path root) {
    this.binary = binary;
    this.root = root;
  }

  Path binary() {
    return binary;
  }

  Path root() {
    return root;
  }

  Result run(String... args) {
    var command = new ArrayList<String>(List.of(binary.toString(), "--root", root.toString()));
    command.addAll(List.of(args));
    try {
      var process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new SystemError("runc " + args[0] + " timed out");
      }
      return new Result(process.exitValue(), out);
    } catch (IOException e) {
      throw new SystemError("cannot run " + binary + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemError("interrupted while running runc " + args[0], e);
    }
  }

  /** Extracts runc's message from its logrus output ({@code time=… level=error msg="…"}). */
  static String message(String output) {
    String last = null;
    var m = MSG.matcher(output);
    while (m.find()) last = m.group(1);
    if (last == null) return output.strip();
    return last.replace("\\\"", "\"").replace("\\\\", "\\");
  }
}
