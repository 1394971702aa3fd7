package dev.berth.engine.container;

import dev.berth.model.Rfc3339;
import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.EngineException;
import dev.berth.engine.error.NotModified;
import dev.berth.engine.error.SystemError;
import dev.berth.engine.network.ContainerNetworking;
import dev.berth.engine.network.NetworkRequest;
import dev.berth.engine.volume.ContainerMounts;
import dev.berth.runtime.CreateRequest;
import dev.berth.runtime.MountSpec;
import dev.berth.runtime.RuntimeService;
import dev.berth.runtime.Signals;
import dev.berth.runtime.SpecInput;
import dev.berth.snapshot.ContainerLayers;
import dev.berth.snapshot.OverlayMount;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Start, stop, kill, restart and exit handling (moby {@code daemon/start.go}, {@code stop.go},
 * {@code kill.go}, {@code monitor.go}). A start holds the container's {@code runLock} until the
 * state says running, so an exit reported at once waits for it; a stop waits for the exit without
 * holding that lock.
 */
final class Lifecycle {
  private static final System.Logger LOG = System.getLogger(Lifecycle.class.getName());
  static final int DEFAULT_STOP_TIMEOUT = 10;
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private final ContainerStore store;
  private final ContainerLayers layers;
  private final RootfsMounter rootfs;
  private final RuntimeService runtime;
  private final ContainerNetworking networking;
  private final Function<SpecInput, Map<String, Object>> specs;
  private final ContainerEvents events;
  private final EtcFiles etc;
  private final OomProbe oom;
  private final Clock clock;
  private final ContainerMounts mounts;
  private volatile Consumer<Container> autoRemove = c -> { };
  private volatile RestartManager restarts;
  private volatile HealthMonitor health;

  Lifecycle(ContainerStore store, ContainerLayers layers, RootfsMounter rootfs, RuntimeService runtime,
      ContainerNetworking networking, Function<SpecInput, Map<String, Object>> specs, ContainerEvents events,
      EtcFiles etc, OomProbe oom, Clock clock, ContainerMounts mounts) {
    this.mounts = mounts;
    this.store = store;
    this.layers = layers;
    this.rootfs = rootfs;
    this.runtime = runtime;
    this.networking = networking;
    this.specs = specs;
    this.events = events;
    this.etc = etc;
    this.oom = oom;
    this.clock = clock;
  }

  void onAutoRemove(Consumer<Container> remover) {
    this.autoRemove = remover;
  }

  /** Hook for health checks: told of every start and exit. */
  void healthChecks(HealthMonitor monitor) {
    this.health = monitor;
  }

  /** Hook for restart policies: asked at every exit (see {@link RestartManager}). */
  void restartPolicies(RestartManager manager) {
    this.restarts = manager;
  }

  /** Starts a container whose restart-policy back-off ran out, unless it was stopped meanwhile. */
  void policyRestart(Container c) {
    c.operations.lock();
    try {
      if (!c.record().state().restarting() || c.removing()) return;
      run(c);
    } finally {
      c.operations.unlock();
    }
  }

  /** Removes {@code c} as its AutoRemove asks (after an exit, or found exited at start-up). */
  void autoRemove(Container c) {
    autoRemove.accept(c);
  }

  void start(Container c) {
    c.operations.lock();
    try {
      if (c.running()) throw new NotModified();
      if (c.removing()) throw new Conflict("container is marked for removal and cannot be started");
      run(c);
    } catch (RuntimeException e) {
      c.operations.unlock();
      // moby daemon/start.go: a container with AutoRemove that fails to start is removed
      if (!(e instanceof NotModified) && c.hostConfig().autoRemove() && !c.removing()) autoRemove.accept(c);
      throw e;
    }
    c.operations.unlock();
  }

  void stop(Container c, String signal, Integer timeout) {
    c.operations.lock();
    try {
      if (!c.running()) throw new NotModified();
      stopRunning(c, signal, timeout);
      events.emit(c.record(), "stop");
    } finally {
      c.operations.unlock();
    }
  }

  void restart(Container c, String signal, Integer timeout) {
    c.operations.lock();
    try {
      if (c.removing()) throw new Conflict("container is marked for removal and cannot be started");
      if (c.running()) {
        stopRunning(c, signal, timeout);
        events.emit(c.record(), "stop");
      }
      run(c);
      events.emit(c.record(), "restart");
    } finally {
      c.operations.unlock();
    }
  }

  /** moby {@code ContainerKill}: no signal means SIGKILL and waiting for the exit. */
  void kill(Container c, String signal) {
    int sig = signal == null || signal.isEmpty() ? Signals.SIGKILL : Signals.parse(signal);
    if (!c.running()) throw Errors.notRunning(c.id);
    if (sig == Signals.SIGKILL) {
      killAndWait(c);
    } else if (!signal(c, sig)) {
      throw new SystemError("Cannot kill container " + c.id);
    }
  }

  /** SIGKILL, then wait for the exit to be recorded (moby {@code daemon.Kill}). */
  void killAndWait(Container c) {
    var exit = c.nextExit();
    if (!c.running()) return;
    signal(c, Signals.SIGKILL);
    if (!await(exit, KILL_WAIT)) throw new SystemError("tried to kill container, but did not receive an exit event");
  }

  /** Sends the stop signal, waits {@code timeout} seconds (negative: forever), then kills. */
  void stopRunning(Container c, String signal, Integer timeout) {
    var cfg = c.record().config();
    int sig = signal != null && !signal.isEmpty() ? Signals.parse(signal)
        : cfg.stopSignal() != null && !cfg.stopSignal().isEmpty() ? Signals.parse(cfg.stopSignal()) : Signals.SIGTERM;
    int seconds = timeout != null ? timeout : cfg.stopTimeout() != null ? cfg.stopTimeout() : DEFAULT_STOP_TIMEOUT;
    var exit = c.nextExit();
    if (!c.running()) return;
    boolean sent = signal(c, sig);
    var wait = seconds < 0 ? null : Duration.ofSeconds(sent ? seconds : Math.min(seconds, 2));
    if (await(exit, wait)) return;
    LOG.log(Level.INFO, "container " + c.id + " did not exit within " + wait + " of signal " + sig + "; killing it");
    killAndWait(c);
  }

  /** Sends {@code sig}; emits moby's {@code kill} event when the runtime took it. */
  private boolean signal(Container c, int sig) {
    try {
      runtime.kill(c.id, sig);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "signal " + sig + " to " + c.id + " failed: " + e.getMessage());
      return false;
    }
    events.emit(c.record(), "kill", Map.of("signal", Integer.toString(sig)));
    if (c.record().state().paused()) {
      // a frozen process takes the signal only once thawed, so a stop or kill of a paused container resumes it
      try {
        runtime.resume(c.id);
        c.update(c.record().withState(c.record().state().withPaused(false)));
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "resume of " + c.id + " after signal failed: " + e.getMessage());
      }
    }
    return true;
  }

  /** moby {@code daemon/pause.go}: freezes the container's processes. */
  void pause(Container c) {
    c.operations.lock();
    try {
      var s = c.record().state();
      if (!s.running()) throw Errors.notRunning(c.id);
      if (s.paused()) throw new Conflict("container " + c.id + " is already paused");
      if (s.restarting()) throw new Conflict("Container " + c.id + " is restarting, wait until the container is running");
      runtime.pause(c.id);
      c.update(c.record().withState(s.withPaused(true)));
      store.saveRecord(c);
      events.emit(c.record(), "pause");
    } finally {
      c.operations.unlock();
    }
  }

  /** moby {@code daemon/unpause.go}. */
  void unpause(Container c) {
    c.operations.lock();
    try {
      var s = c.record().state();
      if (!s.running() || !s.paused()) throw new Conflict("Container " + c.id + " is not paused");
      runtime.resume(c.id);
      c.update(c.record().withState(s.withPaused(false)));
      store.saveRecord(c);
      events.emit(c.record(), "unpause");
    } finally {
      c.operations.unlock();
    }
  }

  /** Waits for {@code f}; a null timeout waits forever. */
  static boolean await(CompletableFuture<?> f, Duration timeout) {
    try {
      if (timeout == null) f.get();
      else f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  private void run(Container c) {
    c.runLock.lock();
    try {
      runLocked(c);
    } finally {
      c.runLock.unlock();
    }
  }

  private void runLocked(Container c) {
    var r = c.record();
    var hc = c.hostConfig();
    var dir = store.dir(c.id);
    OverlayMount mount = null;
    boolean netUp = false;
    boolean created = false;
    try {
      ContainerLogging.atStart(c); // dockerd starts the logger first: a bad log option fails the start
      mount = layers.prepare(c.id, r.layers());
      rootfs.mount(mount);
      var userMounts = mounts.setUp(c.id, hc, mount.target()).specs();
      var exposed = r.config().exposedPorts() == null ? Map.<String, Object>of() : r.config().exposedPorts();
      var net = networking.setUp(new NetworkRequest(c.id, r.shortName(), r.config().hostname(), hc,
          r.endpointsConfig(), exposed, r.config().env() == null ? List.of() : r.config().env()));
      netUp = true;
      etc.write(dir, r.config().hostname(), r.config().domainname(), hc, net);
      var joins = NamespaceJoins.of(c.id, hc, store);
      var spec = specs.apply(specInput(c, r, mount.target(), net.netnsPath(), userMounts, net.env(), joins));
      var cfg = r.config();
      int pid = runtime.create(new CreateRequest(c.id, spec, cfg.tty(), cfg.openStdin(), cfg.stdinOnce(), ContainerLogging.file(c)));
      created = true;
      for (var session : c.openForAttach()) session.connect();
      runtime.start(c.id);
      c.update(r.withNetworkSettings(net.networkSettings()).withState(r.state().started(pid, clock.instant())));
      store.saveRecord(c);
      events.emit(c.record(), "start");
      var monitor = health;
      if (monitor != null) monitor.started(c);
    } catch (RuntimeException e) {
      for (var session : c.closeForAttach()) session.end();
      cleanUp(c, created, netUp, mount == null ? null : mount.target());
      var message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      c.update(r.withState(r.state().failedToStart(exitCodeFor(message), message, clock.instant())));
      store.saveRecord(c);
      if (e instanceof EngineException) throw e;
      throw new SystemError(message, e);
    }
  }

  SpecInput specInput(Container c, ContainerRecord r, Path rootfsPath, String netnsPath, List<MountSpec> userMounts,
      List<String> linkEnv, NamespaceJoins joins) {
    var cfg = r.config();
    var env = new ArrayList<>(linkEnv);
    if (cfg.env() != null) env.addAll(cfg.env());
    var args = new ArrayList<String>();
    args.add(r.path());
    args.addAll(r.args());
    var dir = store.dir(c.id);
    return new SpecInput(c.id, cfg, c.hostConfig(), args, daemonEnv(cfg.hostname(), cfg.tty(), env),
        cfg.workingDir() == null || cfg.workingDir().isEmpty() ? "/" : cfg.workingDir(), cfg.user(), rootfsPath,
        cfg.hostname(), dir.resolve("hosts"), dir.resolve("hostname"), dir.resolve("resolv.conf"), netnsPath,
        cgroupsPath(c), userMounts, joins.paths(), joins.shmSource());
  }

  /** moby {@code CreateDaemonEnvironment}: PATH, HOSTNAME, TERM for a TTY, then the container's own. */
  static List<String> daemonEnv(String hostname, boolean tty, List<String> env) {
    var base = new ArrayList<String>();
    base.add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    base.add("HOSTNAME=" + hostname);
    if (tty) base.add("TERM=xterm");
    if (env == null) return base;
    for (var v : env) {
      var key = ConfigMerge.key(v);
      int at = -1;
      for (int i = 0; i < base.size(); i++) {
        if (ConfigMerge.key(base.get(i)).equals(key)) at = i;
      }
      if (at >= 0) base.set(at, v);
      else base.add(v);
    }
    return base;
  }

  static String cgroupsPath(Container c) {
    var parent = c.hostConfig() == null ? null : c.hostConfig().cgroupParent();
    if (parent == null || parent.isEmpty()) parent = "/berth";
    return (parent.startsWith("/") ? parent : "/" + parent) + "/" + c.id;
  }

  /** moby: 127 when the command is missing, 126 when it cannot be run, else 128. */
  static int exitCodeFor(String message) {
    var m = message.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("executable file not found") || m.contains("no such file or directory")) return 127;
    if (m.contains("permission denied")) return 126;
    return 128;
  }

  /** Records an exit reported by the runtime (or found at start-up): code, OOM, clean-up, die event, waiters. */
  void handleExit(String id) {
    var found = store.get(id);
    if (found.isEmpty()) return;
    var c = found.get();
    java.util.Optional<Duration> restart = java.util.Optional.empty();
    c.runLock.lock();
    try {
      var r = c.record();
      if (!r.state().running() || r.state().restarting()) return;
      var monitor = health;
      if (monitor != null) monitor.stopped(c);
      int code = runtime.exitCode(id).orElse(255);
      boolean oomKilled = oom.oomKilled(cgroupsPath(c));
      cleanUp(c, true, true, mergedDir(r));
      var now = clock.instant();
      var started = Rfc3339.parseSet(r.state().startedAt());
      var ran = started == null ? Duration.ZERO : Duration.between(started, now);
      var manager = restarts;
      restart = manager == null ? java.util.Optional.empty() : manager.afterExit(c, code, ran);
      var exited = restart.isPresent()
          ? r.withState(r.state().restarting(code, oomKilled, now)).withRestartCount(r.restartCount() + 1)
          : r.withState(r.state().exited(code, oomKilled, now));
      c.update(exited);
      store.saveRecord(c);
      if (oomKilled) events.emit(exited, "oom");
      events.emit(exited, "die", Map.of("exitCode", Integer.toString(code), "execDuration",
          Long.toString(ran.toSeconds())));
      c.exited(exited);
      if (restart.isPresent()) manager.schedule(c, restart.get());
    } finally {
      c.runLock.unlock();
    }
    if (restart.isEmpty() && c.hostConfig().autoRemove() && !c.removing()) autoRemove.accept(c);
  }

  static Path mergedDir(ContainerRecord r) {
    var merged = r.graphDriver().get("MergedDir");
    return merged == null ? null : Path.of(merged);
  }

  /** Undoes a (partial) start; every step is idempotent and failures are logged, not thrown. */
  void cleanUp(Container c, boolean runtimeCreated, boolean netUp, Path target) {
    if (runtimeCreated) {
      quietly(() -> runtime.delete(c.id), "runtime delete", c);
    }
    quietly(() -> mounts.tearDown(c.id), "volume unmount", c);
    if (target != null) quietly(() -> rootfs.unmount(target), "unmount", c);
    if (netUp) quietly(() -> networking.tearDown(c.id), "network tear-down", c);
    quietly(() -> NamespaceJoins.release(store, c.id), "shm unmount", c);
  }

  private static void quietly(Runnable step, String what, Container c) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, what + " of container " + c.id + " failed: " + e.getMessage());
    }
  }
}
