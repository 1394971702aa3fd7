package dev.berth.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import dev.berth.model.Json;
import dev.berth.os.ErrnoException;
import dev.berth.os.Fifos;
import dev.berth.os.Processes;
import dev.berth.os.SeqPacketSocket;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The {@link RuntimeService} on conmon + runc (shared/research/toolchain.md §5–6). Per container,
 * under {@code <exec-root>/<id>/}: the bundle (config.json, conmon's attach socket and ctl fifo),
 * the pidfiles and the sync fifo; exit files in {@code <exec-root>/exits/}; runc state in
 * {@code <exec-root>/runc}. conmon runs in its own session and outlives the daemon; everything is
 * found again from these files after a restart. Thread-safe; calls for different ids run in
 * parallel.
 */
public final class ConmonRuntime implements RuntimeService, AutoCloseable {
  private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration MONITOR_EXIT_TIMEOUT = Duration.ofSeconds(5);
  /** Starts conmon with the sync fifo opened on fd 3 (ProcessBuilder passes only fds 0–2). */
  private static final String FD3_WRAPPER = "exec 3>\"$0\"; exec \"$@\"";

  private final Path execRoot;
  private final Path conmon;
  private final Runc runc;
  private final CgroupDirs cgroups;
  private final ExitWatcher exits;
  private final CgroupFiles cgroupFiles;
  /** The attach connection of each running non-TTY StdinOnce container (see {@link SharedConmonIo}). */
  private final java.util.concurrent.ConcurrentMap<String, SharedConmonIo> shared = new java.util.concurrent.ConcurrentHashMap<>();
  /** create holds it shared while runc makes cgroup dirs; delete holds it exclusively to rmdir parents. */
  private final ReentrantReadWriteLock cgroupParents = new ReentrantReadWriteLock();

  public ConmonRuntime(Path execRoot, Path conmon, Path runc, Path cgroupRoot) {
    this.execRoot = execRoot.toAbsolutePath();
    this.conmon = conmon;
    this.runc = new Runc(runc, this.execRoot.resolve("runc"));
    this.cgroups = new CgroupDirs(cgroupRoot);
    this.exits = new ExitWatcher(this.execRoot.resolve("exits"));
    this.cgroupFiles = new CgroupFiles(cgroupRoot);
  }

  /** conmon and runc from PATH (or /usr/bin, /usr/sbin), cgroups at /sys/fs/cgroup. */
  public static ConmonRuntime onHost(Path execRoot) {
    return new ConmonRuntime(execRoot, which("conmon"), which("runc"), Path.of("/sys/fs/cgroup"));
  }

  static Path which(String name) {
    var dirs = new ArrayList<String>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
    for (var d : dirs) {
      if (d.isEmpty()) continue;
      var p = Path.of(d, name);
      if (Files.isExecutable(p)) return p;
    }
    throw new SystemError(name + " not found in PATH");
  }

  private ContainerDirs dirs(String id) {
    if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) throw NotFound.container(String.valueOf(id));
    return ContainerDirs.of(execRoot, id);
  }

  @Override
  public int create(CreateRequest request) {
    var d = dirs(request.id());
    try {
      Files.createDirectories(d.bundle());
      Files.createDirectories(d.persistDir());
      Files.createDirectories(d.exitFile().getParent());
      Files.createDirectories(runc.root());
      if (request.logPath() != null) Files.createDirectories(request.logPath().toAbsolutePath().getParent());
      Files.deleteIfExists(d.exitFile());
      Files.deleteIfExists(d.syncFifo());
      writeBundleConfig(d.config(), request.spec());
      Files.deleteIfExists(d.stdinOnceFile());
      if (closesStdinOnAnyDetach(request)) Files.createFile(d.stdinOnceFile());
      Fifos.mkfifo(d.syncFifo(), 0600);
    } catch (IOException e) {
      throw new SystemError("cannot prepare the bundle for " + request.id() + ": " + e.getMessage(), e);
    }
    exits.forget(request.id());
    closeShared(request.id());
    try {
      cgroupParents.readLock().lock();
      try {
        return launch(request, d);
      } finally {
        cgroupParents.readLock().unlock();
        try {
          Files.deleteIfExists(d.syncFifo());
        } catch (IOException ignored) {
          // a stale fifo is replaced by the next create
        }
      }
    } catch (RuntimeException e) {
      delete(request.id()); // outside the read lock: delete takes the write lock
      throw e;
    }
  }

  /**
   * Temp file and rename, without fsync: the bundle is runtime state that means nothing after a
   * reboot, and an fsync on a disk-backed exec root costs tens of ms per container under load.
   */
  private static void writeBundleConfig(Path config, Object spec) throws IOException {
    var tmp = config.resolveSibling(".config.json.tmp");
    Files.write(tmp, Json.mapper().writeValueAsBytes(spec));
    Files.move(tmp, config, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private int launch(CreateRequest request, ContainerDirs d) {
    var command = new ArrayList<String>();
    var setsid = Path.of("/usr/bin/setsid");
    if (Files.isExecutable(setsid)) command.add(setsid.toString()); // own session: berthd's signals never reach it
    command.addAll(List.of("/bin/sh", "-c", FD3_WRAPPER, d.syncFifo().toString(), conmon.toString()));
    command.addAll(conmonArgs(request, d));
    var pb = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true)
        .redirectOutput(d.conmonOutput().toFile());
    pb.environment().put("_OCI_SYNCPIPE", "3");
    Process launcher = null;
    String line;
    // opened before conmon starts: it writes the pid and closes, and a fifo nobody holds loses it
    try (var sync = Fifos.Reader.open(d.syncFifo())) {
      try {
        launcher = pb.start();
      } catch (IOException e) {
        throw new SystemError("cannot start conmon: " + e.getMessage(), e);
      }
      line = sync.readLine(CREATE_TIMEOUT);
    } catch (TimeoutException e) {
      if (launcher != null) launcher.destroyForcibly();
      throw new SystemError("conmon did not report the container's pid within " + CREATE_TIMEOUT.toSeconds() + "s");
    } catch (IOException e) {
      throw new SystemError("cannot read conmon's sync pipe: " + e.getMessage(), e);
    }
    return parseSync(line, d);
  }

  private List<String> conmonArgs(CreateRequest request, ContainerDirs d) {
    var id = request.id();
    var args = new ArrayList<String>(List.of(
        "--api-version", "1", "-c", id, "-u", id, "-r", runc.binary().toString(), "-b", d.bundle().toString(),
        "-p", d.pidFile().toString(), "-n", id, "--exit-dir", d.exitFile().getParent().toString(),
        "--full-attach", "--socket-dir-path", d.dir().toString(), "--persist-dir", d.persistDir().toString(),
        "--conmon-pidfile", d.conmonPidFile().toString(), "--log-level", "error",
        "--runtime-arg", "--root", "--runtime-arg", runc.root().toString()));
    // no log path: the none log driver (conmon still serves attach)
    args.addAll(List.of("-l", request.logPath() == null ? "none" : "k8s-file:" + request.logPath().toAbsolutePath()));
    if (request.tty()) args.add("-t");
    if (request.openStdin()) {
      args.add("-i");
      // Docker's StdinOnce: the first attached client's EOF closes the container's stdin, but never
      // a TTY's (moby container/stream CopyStreams: CloseStdin && !TTY); otherwise stdin stays open
      // across attach sessions (conmon closes it when a client disconnects unless told not to).
      if (!closesStdinOnAnyDetach(request)) args.add("--leave-stdin-open");
    }
    return args;
  }

  /** conmon without --leave-stdin-open: its clients share one attach connection ({@link SharedConmonIo}). */
  private static boolean closesStdinOnAnyDetach(CreateRequest request) {
    return request.openStdin() && request.stdinOnce() && !request.tty();
  }

  private void closeShared(String id) {
    var s = shared.remove(id);
    if (s != null) s.close();
  }

  private int parseSync(String line, ContainerDirs d) {
    if (line.isBlank()) {
      String out = "";
      try {
        out = Files.readString(d.conmonOutput()).strip();
      } catch (IOException ignored) {
        // no output to show
      }
      throw new SystemError("conmon exited without reporting a pid" + (out.isEmpty() ? "" : ": " + out));
    }
    JsonNode sync;
    try {
      sync = Json.mapper().readTree(line);
    } catch (IOException e) {
      throw new SystemError("unexpected message from conmon: " + line);
    }
    int pid = sync.path("data").asInt(-1);
    if (pid <= 0) {
      var message = sync.path("message").asText("");
      throw new SystemError(message.isEmpty() ? "runc create failed" : Runc.message(message));
    }
    return pid;
  }

  @Override
  public void start(String id) {
    dirs(id);
    var r = runc.run("start", id);
    if (!r.ok()) throw new SystemError(r.message());
  }

  @Override
  public void pause(String id) {
    dirs(id);
    var r = runc.run("pause", id);
    if (!r.ok()) throw new SystemError(r.message());
  }

  @Override
  public void resume(String id) {
    dirs(id);
    var r = runc.run("resume", id);
    if (!r.ok()) throw new SystemError(r.message());
  }

  @Override
  public void update(String id, dev.berth.model.HostConfig requested) {
    var d = dirs(id);
    new RuncUpdate(runc, cgroupFiles).apply(id, d.dir(), cgroupsPath(d), requested);
  }

  @Override
  public java.util.Optional<CgroupSample> stats(String id) {
    var path = cgroupsPath(dirs(id));
    if (path == null || cgroups.existing(path).isEmpty()) return java.util.Optional.empty();
    return java.util.Optional.of(new CgroupStats(cgroupFiles).read(path));
  }

  @Override
  public void kill(String id, int signal) {
    dirs(id);
    var r = runc.run("kill", id, Integer.toString(signal));
    if (r.ok()) return;
    var message = r.message();
    // dockerd ignores a process that is already gone (killPossiblyDeadProcess)
    if (message.contains("not running") || message.contains("process already finished")) return;
    if (message.contains("does not exist")) throw NotFound.container(id);
    throw new SystemError(message);
  }

  @Override
  public void delete(String id) {
    var d = dirs(id);
    closeShared(id);
    var cgroupsPath = cgroupsPath(d);
    var r = runc.run("delete", "--force", id);
    boolean runcDone = r.ok() || r.message().contains("does not exist");
    if (!runcDone) {
      System.getLogger(ConmonRuntime.class.getName())
          .log(System.Logger.Level.WARNING, "runc delete " + id + ": " + r.message());
    }
    stopMonitor(d);
    if (cgroupsPath != null) {
      cgroupParents.writeLock().lock();
      try {
        cgroups.remove(cgroupsPath);
      } finally {
        cgroupParents.writeLock().unlock();
      }
    }
    try {
      Files.deleteIfExists(d.exitFile());
      dev.berth.os.FileTree.delete(d.dir());
      // a state dir runc does not know (a crash before it wrote state.json) is left to us
      if (runcDone) dev.berth.os.FileTree.delete(runc.root().resolve(id));
    } catch (IOException e) {
      throw new SystemError("cannot remove the runtime state of " + id + ": " + e.getMessage(), e);
    }
    exits.forget(id);
  }

  /** The cgroupsPath recorded in the bundle's spec, or null when there is no bundle. */
  private static String cgroupsPath(ContainerDirs d) {
    try {
      var spec = Json.mapper().readTree(d.config().toFile());
      var p = spec.path("linux").path("cgroupsPath").asText("");
      return p.isEmpty() ? null : p;
    } catch (IOException e) {
      return null;
    }
  }

  /** Kills a conmon still running for this container (it exits by itself once the container has). */
  private void stopMonitor(ContainerDirs d) {
    int pid = conmonPid(d);
    if (pid <= 0 || !isConmon(pid)) return;
    try {
      Processes.kill(pid, Signals.SIGKILL);
    } catch (ErrnoException e) {
      return; // already gone
    }
    ProcessHandle.of(pid).ifPresent(p -> {
      try {
        p.onExit().get(MONITOR_EXIT_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
        // reported below as a leftover if it is still there
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private boolean isConmon(int pid) {
    return Processes.exists(pid) && Processes.command(pid).filter(c -> c.equals("conmon")).isPresent()
        && !zombie(pid);
  }

  private static boolean zombie(int pid) {
    try {
      var stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
      int close = stat.lastIndexOf(')');
      return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
    } catch (IOException e) {
      return true;
    }
  }

  private static int conmonPid(ContainerDirs d) {
    try {
      return Integer.parseInt(Files.readString(d.conmonPidFile()).strip());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Ids with runtime state under this daemon's exec root: a container dir (it has a bundle dir,
   * made first by {@link #create}), an exit file, or runc state in this daemon's runc root.
   */
  @Override
  public List<String> ids() {
    var ids = new java.util.TreeSet<String>();
    ids.addAll(names(execRoot, p -> Files.isDirectory(p.resolve("bundle"), java.nio.file.LinkOption.NOFOLLOW_LINKS)));
    ids.addAll(names(execRoot.resolve("exits"), Files::isRegularFile));
    ids.addAll(names(runc.root(), p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)));
    return List.copyOf(ids);
  }

  private static List<String> names(Path dir, java.util.function.Predicate<Path> test) {
    if (!Files.isDirectory(dir)) return List.of();
    try (var entries = Files.list(dir)) {
      return entries.filter(test).map(p -> p.getFileName().toString())
          .filter(n -> n.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")).toList();
    } catch (IOException e) {
      throw new SystemError("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public OptionalInt exitCode(String id) {
    return ExitWatcher.read(dirs(id).exitFile());
  }

  /** conmon writes {@code oom} into its persist dir when the cgroup saw an OOM kill. */
  @Override
  public boolean oomKilled(String id) {
    return Files.exists(dirs(id).persistDir().resolve("oom"));
  }

  @Override
  public boolean monitorAlive(String id) {
    int pid = conmonPid(dirs(id));
    return pid > 0 && isConmon(pid);
  }

  /**
   * Connects to the container's stdio. Output written before the connection is only in the log
   * file, so callers attach between {@link #create} and {@link #start} when they need all of it.
   * Clients of a non-TTY StdinOnce container get views of one shared connection ({@link SharedConmonIo}).
   */
  @Override
  public ContainerIo attach(String id) {
    var d = dirs(id);
    if (!Files.exists(d.stdinOnceFile())) return connect(d, id);
    while (true) {
      var s = shared.computeIfAbsent(id, k -> {
        var created = new SharedConmonIo[1];
        created[0] = new SharedConmonIo(connect(d, id), id, () -> shared.remove(id, created[0]));
        return created[0];
      });
      var view = s.view();
      if (view != null) return view;
      shared.remove(id, s); // ended meanwhile: connect anew
    }
  }

  private static ContainerIo connect(ContainerDirs d, String id) {
    try {
      return new ConmonIo(SeqPacketSocket.connect(d.attachSocket()), id);
    } catch (ErrnoException e) {
      if (e.errno() == ErrnoException.ENOENT || e.errno() == 111 /* ECONNREFUSED */) {
        throw new SystemError("container " + id + " is not running: " + e.text());
      }
      throw new SystemError("cannot attach to " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void resize(String id, int height, int width) {
    var d = dirs(id);
    var line = "1 " + height + " " + width + "\n";
    try {
      Fifos.writeNonBlocking(d.ctlFifo(), line.getBytes(StandardCharsets.US_ASCII));
    } catch (ErrnoException e) {
      if (e.errno() == ErrnoException.ENXIO || e.errno() == ErrnoException.ENOENT) return; // monitor gone: nothing to resize
      throw new SystemError("cannot resize " + id + ": " + e.getMessage(), e);
    }
  }

  /** Asks conmon to reopen the log file (ctl fifo message 2), after the daemon renamed it to rotate it. */
  @Override
  public void reopenLog(String id) {
    var d = dirs(id);
    try {
      Fifos.writeNonBlocking(d.ctlFifo(), "2 0 0\n".getBytes(StandardCharsets.US_ASCII));
    } catch (ErrnoException e) {
      throw new SystemError("cannot reopen the log of " + id + ": " + e.getMessage(), e);
    }
  }

  /** Listeners must be registered before the container service reconciles exit codes at start. */
  @Override
  public void onExit(Consumer<String> listener) {
    exits.addListener(listener);
  }

  @Override
  public void close() {
    exits.close();
  }
}
