package dev.berth.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real docker CLI ({@code /usr/local/bin/docker}) against one daemon: {@code DOCKER_HOST}
 * points at its socket, {@code DOCKER_CONFIG} at a private dir. Thread-safe.
 */
public final class Docker {
  public static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final ObjectMapper JSON = new ObjectMapper();

  private final Path socket;
  private final Path configDir;

  Docker(Path socket, Path configDir) {
    this.socket = socket;
    this.configDir = configDir;
  }

  /** What one CLI run did. */
  public record Result(List<String> args, int exitCode, String out, String err) {
    /** stdout without the trailing newline. */
    public String stdout() {
      return out.strip();
    }

    @Override
    public String toString() {
      return "docker " + String.join(" ", args) + " → exit " + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }
  }

  /** Runs {@code docker args…} with the default timeout. */
  public Result run(String... args) {
    return run(TIMEOUT, args);
  }

  /** Runs {@code docker args…} with {@code stdin} as its standard input. */
  public Result runWithStdin(Path stdin, String... args) {
    return run(TIMEOUT, ProcessBuilder.Redirect.from(stdin.toFile()), args);
  }

  /** Runs {@code docker args…}; fails if it takes longer than {@code timeout}. */
  public Result run(Duration timeout, String... args) {
    return run(timeout, ProcessBuilder.Redirect.PIPE, args);
  }

  private Result run(Duration timeout, ProcessBuilder.Redirect stdin, String... args) {
    Process p = launch(List.of(args), stdin);
    var out = drain(p.getInputStream());
    var err = drain(p.getErrorStream());
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("docker " + String.join(" ", args) + " took longer than " + timeout
            + "\n--- stdout:\n" + out.text() + "--- stderr:\n" + err.text());
      }
      return new Result(List.of(args), p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs {@code docker args…} and fails unless it exits 0. */
  public Result ok(String... args) {
    Result r = run(args);
    if (r.exitCode() != 0) {
      throw new AssertionError("expected exit 0: " + r);
    }
    return r;
  }

  /** Runs {@code docker args…} (which must print one JSON document) and parses stdout. */
  public JsonNode json(String... args) {
    Result r = ok(args);
    try {
      return JSON.readTree(r.out());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r, e);
    }
  }

  /** Runs {@code docker args…} (with {@code --format '{{json .}}'}) and parses each stdout line. */
  public List<JsonNode> jsonLines(String... args) {
    Result r = ok(args);
    List<JsonNode> rows = new ArrayList<>();
    for (String line : r.out().split("\n")) {
      if (!line.isBlank()) {
        try {
          rows.add(JSON.readTree(line));
        } catch (IOException e) {
          throw new AssertionError("not JSON: " + line + " in " + r, e);
        }
      }
    }
    return rows;
  }

  /** {@code docker inspect} of one object: the single element of the array it prints. */
  public JsonNode inspect(String ref) {
    JsonNode arr = json("inspect", ref);
    if (!arr.isArray() || arr.size() != 1) {
      throw new AssertionError("docker inspect " + ref + " printed " + arr);
    }
    return arr.get(0);
  }

  /** Starts {@code docker args…} in the background, for following streams (logs -f, attach). */
  public DockerStream start(String... args) {
    return new DockerStream(List.of(args), launch(List.of(args), ProcessBuilder.Redirect.PIPE));
  }

  private Process launch(List<String> args, ProcessBuilder.Redirect stdin) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ItPaths.DOCKER_CLI.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(stdin);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("DOCKER_"));
    env.put("DOCKER_HOST", "unix://" + socket);
    env.put("DOCKER_CONFIG", configDir.toString());
    env.put("DOCKER_CLI_HINTS", "false");
    try {
      Files.createDirectories(configDir);
      Process p = pb.start();
      if (stdin == ProcessBuilder.Redirect.PIPE) {
        p.getOutputStream().close();
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a stream to its end on a virtual thread. */
  static Drain drain(InputStream in) {
    return new Drain(in);
  }

  static final class Drain {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final Thread thread;

    Drain(InputStream in) {
      thread = Thread.ofVirtual().start(() -> {
        byte[] b = new byte[8192];
        try (in) {
          int n;
          while ((n = in.read(b)) > 0) {
            synchronized (buf) {
              buf.write(b, 0, n);
            }
          }
        } catch (IOException e) {
          // the process went away; keep what was read
        }
      });
    }

    String text() {
      synchronized (buf) {
        return buf.toString(StandardCharsets.UTF_8);
      }
    }

    String join() throws InterruptedException {
      thread.join(Duration.ofSeconds(10));
      return text();
    }
  }
}
