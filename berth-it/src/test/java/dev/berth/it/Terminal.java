package dev.berth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The docker CLI run in a real terminal: a tmux server of its own (its own socket name) with one
 * window of a given size. Tests type into it, press control keys, resize it and read the screen;
 * a bash around the CLI writes its exit code to a file. {@link #close()} kills the tmux
 * server (and with it a CLI still running). Not thread-safe.
 */
public final class Terminal implements AutoCloseable {
  private static final Duration TMUX_TIMEOUT = Duration.ofSeconds(20);

  private final String server = "berth-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final Path conf;
  private final Path status;
  private final String label;

  private Terminal(Path conf, String label) {
    this.conf = conf;
    this.status = conf.resolveSibling(conf.getFileName() + ".status");
    this.label = label;
  }

  /** {@code docker args…} against {@code daemon} (its CLI config dir) in a {@code cols}×{@code rows} terminal. */
  public static Terminal docker(BerthDaemon daemon, int cols, int rows, String... args) {
    return docker(daemon, daemon.dir().resolve("docker-config"), cols, rows, args);
  }

  /** As above with another CLI config dir ({@code DOCKER_CONFIG}), e.g. one whose config.json sets detachKeys. */
  public static Terminal docker(BerthDaemon daemon, Path configDir, int cols, int rows, String... args) {
    try {
      Files.createDirectories(configDir);
      var conf = Files.createTempFile(daemon.dir(), "tmux", ".conf");
      Files.writeString(conf, "set -g remain-on-exit on\nset -g history-limit 10000\nset -g status off\n");
      var t = new Terminal(conf, "docker " + String.join(" ", args));
      // bash records the CLI's exit code (tmux 3.3 does not always know it); its INT trap is a
      // handler, not an ignore, so the CLI still gets Ctrl-C as usual and bash outlives it
      var cmd = new ArrayList<>(List.of("new-session", "-d", "-s", "main", "-x", Integer.toString(cols),
          "-y", Integer.toString(rows), "--", "bash", "-c", "trap : INT; \"$@\"; echo $? > " + t.status,
          "bash", "env", "DOCKER_HOST=unix://" + daemon.socket(),
          "DOCKER_CONFIG=" + configDir, "DOCKER_CLI_HINTS=false", ItPaths.DOCKER_CLI.toString()));
      cmd.addAll(List.of(args));
      t.tmux(cmd);
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Types {@code text} literally (no Enter). */
  public Terminal type(String text) {
    tmux(List.of("send-keys", "-t", "main", "-l", text));
    return this;
  }

  /** Types {@code line} and Enter. */
  public Terminal line(String line) {
    type(line);
    return keys("Enter");
  }

  /**
   * Presses keys by tmux name ({@code C-c}, {@code C-p}, {@code Enter} …), one tmux command each:
   * keys sent together can reach the CLI in one read, and the CLI (like dockerd) takes only
   * one-key reads as detach keys.
   */
  public Terminal keys(String... names) {
    for (var key : names) tmux(List.of("send-keys", "-t", "main", key));
    return this;
  }

  /** Resizes the window (the CLI gets SIGWINCH). */
  public Terminal resize(int cols, int rows) {
    tmux(List.of("resize-window", "-t", "main", "-x", Integer.toString(cols), "-y", Integer.toString(rows)));
    return this;
  }

  /** The screen and its scroll-back, lines joined where the terminal wrapped them. */
  public String screen() {
    return tmux(List.of("capture-pane", "-p", "-J", "-S", "-10000", "-t", "main"));
  }

  /** Waits until the screen matches; returns it. */
  public String awaitScreen(Duration timeout, String what, Predicate<String> match) {
    String[] last = {""};
    Await.until(timeout, what + " on the terminal of " + label, () -> match.test(last[0] = screen()));
    return last[0];
  }

  /** Waits until the screen shows {@code text}. */
  public String awaitText(Duration timeout, String text) {
    try {
      return awaitScreen(timeout, "\"" + text + "\"", s -> s.contains(text));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n--- screen:\n" + screen(), e);
    }
  }

  /** Whether the CLI has exited. */
  public boolean exited() {
    try {
      return Files.exists(status) && !Files.readString(status).isBlank();
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits for the CLI to exit; returns its exit code (128 + the signal when a signal ended it). */
  public int awaitExit(Duration timeout) {
    try {
      Await.until(timeout, "exit of " + label, this::exited);
      return Integer.parseInt(Files.readString(status).strip());
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n--- screen:\n" + screen(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Presses detach keys until the CLI exits; returns its exit code. The CLI (as moby/term) takes a
   * key as a detach key only when it reads it alone; on a loaded machine it may read two keys at
   * once, pass them to the container as text, and need them again.
   */
  public int detach(Duration timeout, String... keys) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      keys(keys);
      try {
        Await.until(Duration.ofSeconds(3), "exit of " + label, this::exited);
        return awaitExit(timeout);
      } catch (AssertionError notYet) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("pressing " + String.join(" ", keys) + " did not end " + label + "\n--- screen:\n" + screen(), notYet);
        }
      }
    }
  }

  private String tmux(List<String> args) {
    var cmd = new ArrayList<>(List.of("tmux", "-L", server, "-f", conf.toString()));
    cmd.addAll(args);
    try {
      var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      var out = Docker.drain(p.getInputStream());
      if (!p.waitFor(TMUX_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("tmux " + args + " took longer than " + TMUX_TIMEOUT);
      }
      var text = out.join();
      if (p.exitValue() != 0) throw new AssertionError("tmux " + args + " failed: " + text);
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    try {
      tmux(List.of("kill-server"));
    } catch (AssertionError e) {
      // the server is gone already
    }
    try {
      Files.deleteIfExists(conf);
      Files.deleteIfExists(status);
    } catch (IOException ignored) {
      // the daemon's dir goes with the test
    }
  }
}
