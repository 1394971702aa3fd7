package dev.berth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The built berthd ({@code berth-daemon/target/berthd.jar}) run as a child process on its own temp
 * data root, exec root, pidfile and unix socket. Its stdout and stderr go to a log file under
 * {@code berth-it/target/berth-logs}. Can be stopped (SIGTERM), killed (SIGKILL) and started again
 * on the same dirs for restart tests. Not thread-safe; one test (or test class) owns it.
 */
public final class BerthDaemon implements AutoCloseable {
  static final String LISTENING = "API listen on";
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final AtomicInteger SEQ = new AtomicInteger();

  private final String name;
  private final Path dir;
  private final Path dataRoot;
  private final Path execRoot;
  private final Path pidFile;
  private final Path socket;
  private final Path logFile;
  private final List<String> extraArgs;
  private final Docker docker;
  private final RawHttp http;
  private ContainerIds ids;
  private Process process;
  private boolean busyboxLoaded;
  private List<String> launchPrefix = List.of();

  /**
   * @param name shows in the log file's name (the test class or method)
   * @param extraArgs more berthd flags ({@code --live-restore}, {@code --config-file F}, …)
   */
  public BerthDaemon(String name, List<String> extraArgs) {
    this(name, extraArgs, null);
  }

  /** As above, but on another daemon's data root (to test that two daemons cannot share one). */
  BerthDaemon(String name, List<String> extraArgs, Path sharedDataRoot) {
    this.name = name;
    this.dir = ItPaths.base().resolve("d" + SEQ.incrementAndGet());
    this.dataRoot = sharedDataRoot != null ? sharedDataRoot : dir.resolve("data");
    this.execRoot = dir.resolve("exec");
    this.pidFile = dir.resolve("berthd.pid");
    this.socket = dir.resolve("berth.sock");
    this.logFile = ItPaths.target().resolve("berth-logs").resolve(name + "-" + ItPaths.base().getFileName() + "-" + dir.getFileName() + ".log");
    this.extraArgs = List.copyOf(extraArgs);
    try {
      Files.createDirectories(dataRoot);
      Files.createDirectories(execRoot);
      Files.createDirectories(logFile.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.docker = new Docker(socket, dir.resolve("docker-config"));
    this.http = new RawHttp(socket);
  }

  public Path dir() { return dir; }
  public Path dataRoot() { return dataRoot; }
  public Path execRoot() { return execRoot; }
  public Path pidFile() { return pidFile; }
  public Path socket() { return socket; }
  public Path logFile() { return logFile; }
  public Docker docker() { return docker; }
  public RawHttp http() { return http; }

  /** The daemon's command line (java … -jar berthd.jar flags…). */
  List<String> command() {
    Path home = ItPaths.home();
    Path jar = home.resolve("berth-daemon/target/berthd.jar");
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing: build it first (mvn -B package)");
    }
    List<String> cmd = new ArrayList<>(List.of(
        ItPaths.JAVA_HOME.resolve("bin/java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    // extra arguments "-J<option>" are JVM options (e.g. -J-Djdk.net.hosts.file=… to keep a test off the internet)
    extraArgs.stream().filter(a -> a.startsWith("-J")).forEach(a -> cmd.add(a.substring(2)));
    cmd.addAll(List.of(
        "-jar", jar.toString(),
        "-H", "unix://" + socket,
        "--data-root", dataRoot.toString(),
        "--exec-root", execRoot.toString(),
        "--pidfile", pidFile.toString()));
    extraArgs.stream().filter(a -> !a.startsWith("-J")).forEach(cmd::add);
    return cmd;
  }

  /**
   * Runs berthd under {@code prefix} (a command that execs the rest, as {@code nohup}) from the
   * next start on; {@link #pid()} is still berthd's as long as the prefix execs it.
   */
  BerthDaemon launchedUnder(String... prefix) {
    this.launchPrefix = List.of(prefix);
    return this;
  }

  /** Starts berthd and returns once it logged "API listen on"; fails with its log if it exits first. */
  public BerthDaemon start() {
    if (isRunning()) {
      throw new IllegalStateException("already running");
    }
    if (ids == null) {
      ids = new ContainerIds(dataRoot, execRoot);
    }
    long offset = mark("start " + String.join(" ", command()));
    var cmd = new ArrayList<String>(launchPrefix);
    cmd.addAll(command());
    process = launch(cmd);
    Await.until(START_TIMEOUT, "berthd to print \"" + LISTENING + "\" (log " + logFile + ")", () -> {
      if (logSince(offset).contains(LISTENING)) {
        return true;
      }
      if (!process.isAlive()) {
        throw new AssertionError("berthd exited with " + process.exitValue() + " before listening:\n" + logSince(offset));
      }
      return false;
    });
    return this;
  }

  /**
   * Runs berthd with these dirs (and {@code moreArgs}) expecting it to refuse to start.
   *
   * @return its exit code and everything it printed; fails if it starts listening
   */
  public Exited runExpectingRefusal(List<String> moreArgs) {
    List<String> cmd = new ArrayList<>(command());
    cmd.addAll(moreArgs);
    long offset = mark("expect refusal: " + String.join(" ", cmd));
    Process p = launch(cmd);
    try {
      if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("berthd did not exit; it printed:\n" + logSince(offset));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    String out = logSince(offset);
    if (out.contains(LISTENING)) {
      throw new AssertionError("berthd started although it should have refused:\n" + out);
    }
    return new Exited(p.exitValue(), out);
  }

  /** What a daemon that refused to start printed. */
  public record Exited(int exitCode, String output) {}

  private Process launch(List<String> cmd) {
    try {
      return new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The daemon's pid (fails when not running). */
  public long pid() {
    if (!isRunning()) {
      throw new IllegalStateException("not running");
    }
    return process.pid();
  }

  /** SIGTERM, then waits for it to exit; returns its exit code. */
  public int stop() {
    return terminate(false);
  }

  /** SIGKILL (as {@code kill -9}), then waits for it to exit. */
  public void kill9() {
    terminate(true);
  }

  private int terminate(boolean force) {
    if (process == null) {
      throw new IllegalStateException("never started");
    }
    mark(force ? "SIGKILL" : "SIGTERM");
    if (force) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("berthd did not exit within " + STOP_TIMEOUT + " of SIGTERM; see " + logFile);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return process.exitValue();
  }

  /** Loads the busybox fixture ({@code busybox:latest}) once per daemon dirs. */
  public BerthDaemon ensureBusybox() {
    if (!busyboxLoaded) {
      docker.ok("load", "-i", Fixture.busyboxTar().toString());
      busyboxLoaded = true;
    }
    return this;
  }

  /** The log text written since {@code offset} (a value {@link #mark} returned). */
  public String logSince(long offset) {
    try {
      byte[] all = Files.readAllBytes(logFile);
      return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a marker line into the log and returns the offset after it. */
  public long mark(String what) {
    try {
      Files.writeString(logFile, "==== berth-it " + Instant.now() + " " + what + "\n",
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return Files.size(logFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stops the daemon if it runs and deletes its dirs, unless something the leak check must see is
   * left there (a mount below them, runc state): then the dirs stay for {@link LeakCheck}.
   */
  @Override
  public void close() throws IOException {
    try {
      if (isRunning()) {
        removeLeftoverContainers();
        stop();
      }
    } finally {
      if (ids != null) {
        ids.close();
      }
      Optional<String> why = LeakScan.whyKeep(dir);
      if (why.isPresent()) {
        mark("keeping " + dir + ": " + why.get());
      } else {
        LeakScan.deleteTree(dir);
      }
    }
  }

  /**
   * Removes, through the daemon, containers a failed test left (passing tests clean up after
   * themselves), so that the leak check reports what the daemon failed to clean, not test debris.
   */
  private void removeLeftoverContainers() {
    try {
      List<String> ids = docker.run("ps", "-aq", "--no-trunc").out().lines().filter(l -> !l.isBlank()).toList();
      if (!ids.isEmpty()) {
        mark("removing containers left by a test: " + ids);
        List<String> args = new ArrayList<>(List.of("rm", "-f"));
        args.addAll(ids);
        docker.run(args.toArray(String[]::new));
      }
    } catch (RuntimeException | AssertionError e) {
      mark("could not list or remove leftover containers: " + e);
    }
  }

  @Override
  public String toString() {
    return "berthd[" + name + " " + dir + "]";
  }
}
