package dev.berth.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.SystemError;
import dev.berth.model.Json;
import dev.berth.os.ErrnoException;
import dev.berth.os.Fifos;
import dev.berth.os.SeqPacketSocket;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * {@link ExecRuntime} on conmon {@code --exec}: one conmon per exec session runs
 * {@code runc exec -d --process <spec>} and monitors the process (pty, attach socket, ctl fifo, exit
 * file), as podman does. With {@code --exec-attach} conmon reports (attach pipe) when its socket
 * listens and waits (start pipe) until we connected before it runs the process. The three pipes are
 * fifos opened read-write on fds 3–5 by a shell wrapper, so no open blocks. Session files live in
 * {@code <exec-root>/execs/<id prefix>/} (short: the socket path must fit sun_path).
 */
public final class ConmonExec implements ExecRuntime {
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
  private static final String WRAPPER = "exec 3<>\"$0\" 4<>\"$1\" 5<>\"$2\"; shift 2; exec \"$@\"";

  private final Path execRoot;
  private final Path conmon;
  private final Path runc;
  private final KernelFacts kernel;

  public ConmonExec(Path execRoot, Path conmon, Path runc, KernelFacts kernel) {
    this.execRoot = execRoot.toAbsolutePath();
    this.conmon = conmon;
    this.runc = runc;
    this.kernel = kernel;
  }

  public static ConmonExec onHost(Path execRoot) {
    return new ConmonExec(execRoot, ConmonRuntime.which("conmon"), ConmonRuntime.which("runc"), KernelFacts.probe());
  }

  @Override
  public ExecProcess exec(ExecRequest request, boolean attach) {
    var session = execRoot.resolve("execs").resolve(request.execId().substring(0, Math.min(16, request.execId().length())));
    var sync = session.resolve("sync");
    var attachPipe = session.resolve("attachpipe");
    var startPipe = session.resolve("start");
    try {
      dev.berth.os.FileTree.delete(session);
      Files.createDirectories(session.resolve("exits"));
      Files.write(session.resolve("process.json"), Json.mapper().writeValueAsBytes(processSpec(request)));
      for (var f : List.of(sync, attachPipe, startPipe)) Fifos.mkfifo(f, 0600);
    } catch (IOException e) {
      throw new SystemError("cannot prepare exec session: " + e.getMessage(), e);
    }
    ConmonIo io = null;
    // Both answers are read through fds opened before conmon starts: conmon writes each and closes
    // its end, and a fifo nobody holds open loses what was written (a fast failing exec under load).
    try (var attachAnswer = Fifos.Reader.open(attachPipe); var syncAnswer = Fifos.Reader.open(sync)) {
      launch(request, session, sync, attachPipe, startPipe);
      signal(startPipe); // conmon forks
      readLine(attachAnswer, session); // its attach socket listens
      if (attach) io = new ConmonIo(SeqPacketSocket.connect(session.resolve("attach")), request.execId());
      signal(startPipe); // now runc exec runs
      int pid = parsePid(readLine(syncAnswer, session));
      return new ConmonExecProcess(pid, io, session);
    } catch (RuntimeException | IOException e) {
      if (io != null) io.close();
      deleteQuietly(session);
      if (e instanceof RuntimeException r) throw r;
      throw new SystemError("exec failed: " + e.getMessage(), e);
    }
  }

  /**
   * Session dirs of an earlier daemon whose conmon has exited; one whose exec still runs (live
   * restore) stays for a later start, and so does every session made since this daemon started.
   */
  @Override
  public void removeStaleSessions() {
    var sessions = execRoot.resolve("execs");
    if (!Files.isDirectory(sessions)) return;
    try (var dirs = Files.list(sessions)) {
      var started = ProcessHandle.current().info().startInstant().orElse(java.time.Instant.EPOCH);
      for (var dir : dirs.toList()) {
        // a health probe of a restored container may be setting up its session (no conmon.pid yet)
        if (conmonAlive(dir) || Files.getLastModifiedTime(dir).toInstant().isAfter(started)) continue;
        System.getLogger(ConmonExec.class.getName())
            .log(System.Logger.Level.INFO, "removing exec session " + dir + " of an earlier daemon");
        deleteQuietly(dir);
      }
    } catch (IOException e) {
      System.getLogger(ConmonExec.class.getName())
          .log(System.Logger.Level.WARNING, "cannot list " + sessions + ": " + e.getMessage());
    }
  }

  private static boolean conmonAlive(Path session) {
    try {
      int pid = Integer.parseInt(Files.readString(session.resolve("conmon.pid")).strip());
      return dev.berth.os.Processes.command(pid).filter("conmon"::equals).isPresent();
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  private Object processSpec(ExecRequest r) throws IOException {
    var bundle = ContainerDirs.of(execRoot, r.containerId()).config();
    JsonNode spec;
    try {
      spec = Json.mapper().readTree(bundle.toFile());
    } catch (IOException e) {
      throw new Conflict("container " + r.containerId() + " is not running");
    }
    var p = (ObjectNode) spec.path("process").deepCopy();
    p.put("terminal", r.tty());
    p.remove("consoleSize");
    if (r.tty() && r.height() > 0 && r.width() > 0) {
      p.putObject("consoleSize").put("height", r.height()).put("width", r.width());
    }
    var args = p.putArray("args");
    r.args().forEach(args::add);
    var env = new LinkedHashMap<String, String>();
    for (var e : p.path("env")) env.put(key(e.asText()), e.asText());
    for (var e : r.env()) env.put(key(e), e);
    var envArray = p.putArray("env");
    env.values().forEach(envArray::add);
    if (!r.workingDir().isEmpty()) p.put("cwd", r.workingDir());
    if (!r.user().isEmpty()) {
      var u = UserResolver.resolve(Path.of(spec.path("root").path("path").asText("/nonexistent")), r.user(), null);
      var user = p.putObject("user");
      user.put("uid", u.uid());
      user.put("gid", u.gid());
      var gids = user.putArray("additionalGids");
      u.additionalGids().forEach(gids::add);
    }
    if (r.privileged()) {
      var caps = p.putObject("capabilities");
      var all = Capabilities.all(kernel.lastCap(), kernel.boundingSet());
      for (var set : List.of("bounding", "effective", "permitted", "inheritable")) {
        ArrayNode a = caps.putArray(set);
        all.forEach(a::add);
      }
      p.remove("apparmorProfile");
      p.remove("selinuxLabel");
    }
    return p;
  }

  private static String key(String envEntry) {
    int eq = envEntry.indexOf('=');
    return eq < 0 ? envEntry : envEntry.substring(0, eq);
  }

  private void launch(ExecRequest r, Path session, Path sync, Path attachPipe, Path startPipe) {
    var command = new ArrayList<String>();
    var setsid = Path.of("/usr/bin/setsid");
    if (Files.isExecutable(setsid)) command.add(setsid.toString());
    command.addAll(List.of("/bin/sh", "-c", WRAPPER, sync.toString(), attachPipe.toString(), startPipe.toString(),
        conmon.toString(), "--api-version", "1", "-c", r.containerId(), "-u", r.execId(), "-r", runc.toString(),
        "-b", session.toString(), "-p", session.resolve("pid").toString(), "-n", r.containerId(),
        "--exit-dir", session.resolve("exits").toString(), "--persist-dir", session.toString(),
        "--full-attach", "--socket-dir-path", session.toString(),
        "--conmon-pidfile", session.resolve("conmon.pid").toString(), "-l", "none:", "--log-level", "error",
        "--exec", "--exec-process-spec", session.resolve("process.json").toString(), "--exec-attach",
        "--runtime-arg", "--root", "--runtime-arg", execRoot.resolve("runc").toString()));
    if (r.tty()) command.add("-t");
    if (r.stdin()) command.add("-i");
    // dockerd never closes a TTY exec's stdin when the client leaves (CloseStdin && !TTY)
    if (r.stdin() && r.tty()) command.add("--leave-stdin-open");
    var pb = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true)
        .redirectOutput(session.resolve("conmon.out").toFile());
    pb.environment().put("_OCI_SYNCPIPE", "3");
    pb.environment().put("_OCI_ATTACHPIPE", "4");
    pb.environment().put("_OCI_STARTPIPE", "5");
    try {
      pb.start();
    } catch (IOException e) {
      throw new SystemError("cannot start conmon: " + e.getMessage(), e);
    }
  }

  /** One byte on the start pipe; retried until the wrapper has opened it. */
  private static void signal(Path startPipe) throws IOException {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (true) {
      try {
        Fifos.writeNonBlocking(startPipe, new byte[] {'s'});
        return;
      } catch (ErrnoException e) {
        if (e.errno() != ErrnoException.ENXIO || System.nanoTime() > deadline) throw e;
        Thread.onSpinWait();
        try {
          Thread.sleep(2);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
      }
    }
  }

  private static String readLine(Fifos.Reader fifo, Path session) throws IOException {
    try {
      var line = fifo.readLine(STEP_TIMEOUT);
      if (line.isBlank()) throw new SystemError("conmon exited early: " + conmonOutput(session));
      return line;
    } catch (TimeoutException e) {
      throw new SystemError("conmon did not answer: " + conmonOutput(session));
    }
  }

  private static String conmonOutput(Path session) {
    try {
      return Files.readString(session.resolve("conmon.out")).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static int parsePid(String line) throws IOException {
    var sync = Json.mapper().readTree(line);
    int pid = sync.path("data").asInt(-1);
    if (pid <= 0) {
      var message = sync.path("message").asText("").strip();
      throw new ExecFailed(message.isEmpty() ? "runc exec failed" : Runc.message(message));
    }
    return pid;
  }

  static void deleteQuietly(Path dir) {
    try {
      dev.berth.os.FileTree.delete(dir);
    } catch (IOException ignored) {
      // a leftover session dir is removed with the exec root
    }
  }

  /** The session of one running exec. */
  private record ConmonExecProcess(int pid, ContainerIo io, Path session) implements ExecProcess {
    @Override
    public java.util.OptionalInt awaitExit(Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      var exit = session.resolve("exit");
      while (true) {
        try {
          var text = Files.readString(exit).strip();
          if (!text.isEmpty()) return java.util.OptionalInt.of(Integer.parseInt(text));
        } catch (IOException | NumberFormatException e) {
          // not written yet
        }
        if (System.nanoTime() > deadline) return java.util.OptionalInt.empty();
        try {
          Thread.sleep(10); // conmon writes the file once; a watcher per exec is not worth it
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return java.util.OptionalInt.empty();
        }
      }
    }

    @Override
    public void kill(int signal) {
      if (Files.exists(session.resolve("exit"))) return; // conmon reaped it: the pid may be reused
      try {
        dev.berth.os.Processes.killGroup(pid, signal);
      } catch (ErrnoException e) {
        // ESRCH: already gone
      }
    }

    @Override
    public void resize(int height, int width) {
      try {
        Fifos.writeNonBlocking(session.resolve("ctl"), ("1 " + height + " " + width + "\n").getBytes(StandardCharsets.US_ASCII));
      } catch (ErrnoException e) {
        // the monitor is gone: nothing to resize
      }
    }

    @Override
    public void release() {
      deleteQuietly(session);
    }
  }
}
