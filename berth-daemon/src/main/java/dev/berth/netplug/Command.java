package dev.berth.netplug;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one host tool (ip, iptables, unshare, a CNI plugin) to completion and captures its output. */
final class Command {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Command() {}

  record Result(int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }

    String describe() {
      var err = stderr.isBlank() ? stdout : stderr;
      return err.strip();
    }
  }

  static Result run(List<String> argv) {
    return run(argv, Map.of(), null);
  }

  /** Runs {@code argv}; {@code env} is added to a minimal environment; {@code stdin} may be null. */
  static Result run(List<String> argv, Map<String, String> env, byte[] stdin) {
    var pb = new ProcessBuilder(argv);
    pb.environment().putAll(env);
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    try {
      var process = pb.start();
      if (stdin != null) {
        try (var in = process.getOutputStream()) {
          in.write(stdin);
        }
      }
      var errBuf = new ByteArrayOutputStream();
      var err = Thread.ofVirtual().start(() -> copy(process.getErrorStream(), errBuf));
      var out = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException(argv.getFirst() + " did not finish within " + TIMEOUT);
      }
      err.join();
      return new Result(
          process.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          errBuf.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + argv.getFirst(), e);
    }
  }

  /** Runs {@code argv} and throws {@link NetworkOperationException} when it fails. */
  static String check(List<String> argv) {
    var result = run(argv);
    if (!result.ok()) {
      throw new NetworkOperationException(String.join(" ", argv) + ": " + result.describe());
    }
    return result.stdout();
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException ignored) {
      // the process went away; what was read is kept
    }
  }
}
