package dev.berth.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short command in a running container with {@code runc exec --process}, taking the
 * container's own process spec (env, user, cwd, capabilities) with the args replaced and no
 * terminal; used for health probes. A probe still running at its timeout is SIGKILLed (by the
 * pid runc wrote). Thread-safe; one process per call.
 */
public final class RuncProbe {
  private final Path execRoot;
  private final Path runc;

  public RuncProbe(Path execRoot, Path runc) {
    this.execRoot = execRoot.toAbsolutePath();
    this.runc = runc;
  }

  public static RuncProbe onHost(Path execRoot) {
    return new RuncProbe(execRoot, ConmonRuntime.which("runc"));
  }

  /** Exit code (-1 when killed at the timeout), whether it timed out, and at most {@code max} bytes of output. */
  public record Outcome(int exitCode, String output, boolean timedOut) {}

  public Outcome run(String id, List<String> argv, Duration timeout, int max) {
    var dirs = ContainerDirs.of(execRoot, id);
    Path processFile = null;
    Path pidFile = null;
    try {
      var config = (ObjectNode) Json.mapper().readTree(dirs.config().toFile());
      var process = (ObjectNode) config.get("process");
      process.set("args", Json.mapper().valueToTree(argv));
      process.put("terminal", false);
      process.remove("consoleSize");
      processFile = Files.createTempFile(dirs.dir(), "probe", ".json");
      pidFile = dirs.dir().resolve(processFile.getFileName() + ".pid");
      Files.write(processFile, Json.mapper().writeValueAsBytes(process));
      var command = new ArrayList<>(List.of(runc.toString(), "--root", execRoot.resolve("runc").toString(), "exec",
          "--process", processFile.toString(), "--pid-file", pidFile.toString(), id));
      var p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      var output = new ByteArrayOutputStream();
      var reader = Thread.ofVirtual().start(() -> readAtMost(p.getInputStream(), output, max));
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        killProbe(pidFile);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        return new Outcome(-1, "", true);
      }
      reader.join(Duration.ofSeconds(2));
      synchronized (output) {
        return new Outcome(p.exitValue(), output.toString(StandardCharsets.UTF_8), false);
      }
    } catch (IOException e) {
      return new Outcome(-1, e.getMessage(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(-1, "interrupted", false);
    } finally {
      deleteQuietly(processFile);
      deleteQuietly(pidFile);
    }
  }

  private static void readAtMost(InputStream in, ByteArrayOutputStream out, int max) {
    var buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (out) {
          int room = max - out.size();
          if (room > 0) out.write(buf, 0, Math.min(room, n));
        }
      }
    } catch (IOException e) {
      // the probe's pipe closed
    }
  }

  private static void killProbe(Path pidFile) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    } catch (IOException | RuntimeException e) {
      // not started or gone
    }
  }

  private static void deleteQuietly(Path p) {
    if (p == null) return;
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // best effort
    }
  }
}
