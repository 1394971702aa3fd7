package dev.berth.engine.exec;

import dev.berth.engine.container.AttachStreams;
import dev.berth.engine.container.DetachKeys;
import dev.berth.engine.container.HealthProbe;
import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import dev.berth.runtime.ExecProcess;
import dev.berth.runtime.ExecRequest;
import dev.berth.runtime.ExecRuntime;
import dev.berth.runtime.Signals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * docker exec: create, start (attached or detached), inspect, resize. Error texts are moby's
 * ({@code daemon/exec.go}, {@code daemon/errors.go}). Exec instances stay in memory (as in dockerd)
 * and are forgotten at daemon restart. Thread-safe.
 */
public final class ExecService {
  private static final Duration EXIT_RECORDED = Duration.ofSeconds(10);
  private static final Duration FOREVER = Duration.ofDays(3650);
  private static final Duration START_WAIT = Duration.ofSeconds(10);

  private final ExecTargets containers;
  private final ExecRuntime runtime;
  private final Map<String, Exec> execs = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  public ExecService(ExecTargets containers, ExecRuntime runtime) {
    this.containers = containers;
    this.runtime = runtime;
    containers.onStop(this::forget);
  }

  /** At start, after the containers were restored: what earlier daemons' exec sessions left is removed. */
  public void removeStaleSessions() {
    runtime.removeStaleSessions();
  }

  /**
   * A container stopped: its execs are forgotten (moby {@code Cleanup} unregisters them), so inspect
   * shows no ExecIDs and their ids are unknown. Their processes died with the container's pid
   * namespace; the waiters still record the exit codes and release the monitors.
   */
  private void forget(String containerId, long stoppedAtNanos) {
    execs.values().removeIf(e -> e.containerId.equals(containerId) && e.createdNanos <= stoppedAtNanos);
  }

  public String create(String ref, ExecConfig config) {
    if (config.cmd().isEmpty()) throw new InvalidArgument("No exec command specified");
    var target = active(ref);
    var keys = detachKeys(config.detachKeys());
    var bytes = new byte[32];
    random.nextBytes(bytes);
    var exec = new Exec(HexFormat.of().formatHex(bytes), target.id(), config, keys);
    execs.put(exec.id, exec);
    containers.event(target.id(), "exec_create: " + exec.command(), Map.of("execID", exec.id));
    return exec.id;
  }

  /** moby ContainerExecCreate answers bad keys with a plain error, so dockerd's status is 500. */
  private static DetachKeys detachKeys(String spec) {
    try {
      return DetachKeys.parse(spec);
    } catch (IllegalArgumentException e) {
      throw new SystemError("Invalid escape keys (" + spec + ") provided");
    }
  }

  /** moby getActiveContainer: the checks run at create and again at start. */
  private ExecTargets.Target active(String ref) {
    var t = containers.find(ref);
    if (!t.running()) throw new Conflict("container " + t.id() + " is not running");
    if (t.paused()) throw new Conflict("Container " + ref + " is paused, unpause the container before exec");
    if (t.restarting()) throw new Conflict("Container " + t.id() + " is restarting, wait until the container is running");
    return t;
  }

  private Exec lookup(String id) {
    var e = id == null ? null : execs.get(id);
    if (e == null) throw NotFound.exec(String.valueOf(id));
    return e;
  }

  public Map<String, Object> inspect(String id) {
    return lookup(id).inspect();
  }

  /** The ids of the execs of one container (container inspect's ExecIDs), null when none (as moby). */
  public List<String> execIds(String containerId) {
    var ids = execs.values().stream().filter(e -> e.containerId.equals(containerId) && !e.finished())
        .map(e -> e.id).toList();
    return ids.isEmpty() ? null : ids;
  }

  /**
   * moby ContainerExecResize: the container checks of getExecConfig, then up to 10 s for the process
   * to start (the CLI resizes right after starting it). A finished exec's process is gone from the
   * runtime: dockerd answers 404 "no such exec" (measured on dockerd 20.10; moby 25 resizes the
   * deleted containerd process and also gets NotFound).
   */
  public void resize(String id, int height, int width) {
    var e = lookup(id);
    active(e.containerId);
    if (!e.awaitStarted(START_WAIT)) throw new SystemError("timeout waiting for exec session ready");
    var p = e.process();
    if (p == null || !e.running()) throw new NotFound("no such exec");
    p.resize(height, width);
  }

  /** Starts without attaching; returns once the process runs (or failed to). */
  public void startDetached(String id) {
    var e = claim(id);
    ExecProcess p;
    try {
      p = runtime.exec(request(e), false);
    } catch (ExecRuntime.ExecFailed failed) {
      recordExit(e, 126);
      throw new SystemError("OCI runtime exec failed: " + failed.getMessage() + ": unknown");
    }
    started(e, p);
    Thread.ofVirtual().name("exec-wait-" + e.id.substring(0, 12)).start(() -> awaitExit(e, p, FOREVER));
  }

  /**
   * Runs a health-check probe as dockerd does (moby {@code daemon/health.go} cmdProbe): an exec
   * instance of the container, with its events and listed in ExecIDs while it runs, under the
   * container's user, env and working dir, without stdin or TTY. Its stdout and stderr are kept up
   * to {@code maxOutput} bytes. At {@code timeout} its process group is SIGKILLed and its exit
   * awaited, so no probe outlives its check. The instance is forgotten afterwards (moby keeps
   * finished probes' instances for good).
   */
  public HealthProbe.Result probe(String containerId, List<String> argv, Duration timeout, int maxOutput) {
    var id = create(containerId, new ExecConfig(false, true, true, "", false, null, List.of(), argv, false, "", ""));
    try {
      var e = claim(id);
      ExecProcess p;
      try {
        p = runtime.exec(request(e), true);
      } catch (ExecRuntime.ExecFailed failed) {
        recordExit(e, 126);
        return new HealthProbe.Result(-1, "OCI runtime exec failed: " + failed.getMessage() + ": unknown", false);
      }
      started(e, p);
      var output = new ProbeOutput(maxOutput);
      var reader = Thread.ofVirtual().name("probe-" + id.substring(0, 12)).start(() -> output.readAll(p.io()));
      var code = p.awaitExit(timeout);
      boolean timedOut = code.isEmpty();
      // interrupted: the container stopped and its probe is abandoned, but still killed and reaped
      boolean interrupted = Thread.interrupted();
      try {
        if (code.isEmpty()) {
          p.kill(Signals.SIGKILL);
          code = p.awaitExit(EXIT_RECORDED);
        }
        reader.join(EXIT_RECORDED);
      } catch (InterruptedException ie) {
        interrupted = true;
      } finally {
        closeQuietly(p.io());
        recordExit(e, code.orElse(-1));
        p.release();
        if (interrupted) Thread.currentThread().interrupt();
      }
      return new HealthProbe.Result(timedOut ? -1 : code.getAsInt(), output.toString(), timedOut);
    } finally {
      execs.remove(id);
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // the probe's connection is gone either way
    }
  }

  /** Validates an attached start (errors before the hijack); the returned start runs it. */
  public ExecStart start(String id) {
    var e = claim(id);
    return new ExecStart() {
      @Override
      public boolean tty() {
        return e.config.tty();
      }

      @Override
      public void run(AttachStreams streams) throws IOException {
        runAttached(e, streams);
      }
    };
  }

  private Exec claim(String id) {
    var e = lookup(id);
    if (e.finished()) throw new Conflict("Error: Exec command " + e.id + " has already run");
    if (e.running()) throw new Conflict("Error: Exec command " + e.id + " is already running");
    active(e.containerId);
    if (!e.claim()) throw new Conflict("Error: Exec command " + e.id + " is already running");
    return e;
  }

  private ExecRequest request(Exec e) {
    var c = e.config;
    int h = c.consoleSize() != null && c.consoleSize().size() == 2 ? c.consoleSize().get(0) : 0;
    int w = c.consoleSize() != null && c.consoleSize().size() == 2 ? c.consoleSize().get(1) : 0;
    return new ExecRequest(e.containerId, e.id, c.cmd(), c.env(), c.user(), c.workingDir(), c.tty(),
        c.attachStdin(), c.privileged(), h, w);
  }

  private void started(Exec e, ExecProcess p) {
    e.running(p);
    containers.event(e.containerId, "exec_start: " + e.command(), Map.of("execID", e.id));
  }

  private void runAttached(Exec e, AttachStreams streams) throws IOException {
    ExecProcess p;
    try {
      p = runtime.exec(request(e), true);
    } catch (ExecRuntime.ExecFailed failed) {
      recordExit(e, 126);
      // moby writes the start error into the hijacked stream (router/container/exec.go)
      streams.write(1, ("OCI runtime exec failed: " + failed.getMessage() + ": unknown\r\n").getBytes(StandardCharsets.UTF_8));
      return;
    } catch (RuntimeException failed) {
      recordExit(e, 126);
      streams.write(1, (failed.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    started(e, p);
    var session = new ExecSession(e.config, e.detachKeys, streams, p.io(),
        () -> containers.event(e.containerId, "exec_detach", Map.of("execID", e.id)));
    if (session.run(e.id.substring(0, 12)) == ExecSession.End.LEFT) {
      Thread.ofVirtual().name("exec-wait-" + e.id.substring(0, 12)).start(() -> awaitExit(e, p, FOREVER));
    } else {
      awaitExit(e, p, EXIT_RECORDED);
    }
  }

  private void awaitExit(Exec e, ExecProcess p, Duration timeout) {
    var code = p.awaitExit(timeout);
    recordExit(e, code.orElse(-1));
    p.release();
  }

  private void recordExit(Exec e, int code) {
    e.exited(code);
    containers.event(e.containerId, "exec_die", Map.of("execID", e.id, "exitCode", Integer.toString(code)));
  }
}
