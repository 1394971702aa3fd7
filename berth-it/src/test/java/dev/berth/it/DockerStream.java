package dev.berth.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A docker CLI process left running (e.g. {@code logs -f}); its stdout is collected line by line. */
public final class DockerStream implements AutoCloseable {
  private final List<String> args;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Docker.Drain err;

  DockerStream(List<String> args, Process process) {
    this.args = args;
    this.process = process;
    this.err = Docker.drain(process.getErrorStream());
    Thread.ofVirtual().start(() -> {
      try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          synchronized (lines) {
            lines.add(line);
          }
        }
      } catch (IOException e) {
        // the process went away
      }
    });
  }

  /** The stdout lines so far. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Waits until a stdout line matches; returns the lines so far. */
  public List<String> awaitLine(Duration timeout, String what, Predicate<String> match) {
    Await.until(timeout, what + " in the output of docker " + String.join(" ", args), () -> lines().stream().anyMatch(match));
    return lines();
  }

  /** Waits until at least {@code n} lines arrived. */
  public List<String> awaitLines(Duration timeout, int n) {
    Await.until(timeout, n + " lines from docker " + String.join(" ", args) + " (have " + lines() + ")", () -> lines().size() >= n);
    return lines();
  }

  /** Waits for the process to exit by itself; returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("docker " + String.join(" ", args) + " still running after " + timeout + "; stdout " + lines());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String stderr() {
    return err.text();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
