package dev.berth.engine.container;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.image.ImageLookup;
import dev.berth.engine.volume.ContainerMounts;
import dev.berth.engine.image.ImageUsers;
import dev.berth.engine.logs.LogQuery;
import dev.berth.engine.logs.LogReader;
import dev.berth.engine.network.ContainerNetworking;
import dev.berth.engine.system.ContainerCounts;
import dev.berth.model.Filters;
import dev.berth.runtime.RuntimeService;
import dev.berth.runtime.SpecInput;
import dev.berth.snapshot.ContainerLayers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The containers of this daemon: create, lifecycle, attach, logs, wait, inspect, list, rename,
 * remove, prune; restore at start-up and stop at shutdown. Errors are engine kinds with dockerd's
 * text. Thread-safe; reads never wait behind another container's slow operation.
 */
public final class ContainerService implements ImageUsers, ContainerCounts {
  private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
  private final ContainerStore store;
  private final ImageLookup images;
  private final ContainerLayers layers;
  private final RootfsMounter rootfs;
  private final ContainerMounts mounts;
  private final RuntimeService runtime;
  private final ContainerEvents events;
  private final LogReader logReader;
  private final Clock clock;
  private final Lifecycle lifecycle;
  private final Creator creator;
  private final LegacyNetworks legacyNetworks;
  private final EtcFiles etc;
  private final Views views;
  private final RestartManager restarts;
  private final Attacher attacher;
  private volatile HealthMonitor health;

  public ContainerService(Path dataRoot, ImageLookup images, ContainerLayers layers, RootfsMounter rootfs,
      RuntimeService runtime, ContainerNetworking networking, Function<SpecInput, Map<String, Object>> specs,
      EventBus events, OomProbe oom, Clock clock, ContainerMounts mounts) {
    this(dataRoot, images, layers, rootfs, runtime, networking, specs, events, oom, clock,
        new EtcFiles(Path.of("/etc/resolv.conf"), Path.of("/etc/hosts")), mounts);
  }

  ContainerService(Path dataRoot, ImageLookup images, ContainerLayers layers, RootfsMounter rootfs,
      RuntimeService runtime, ContainerNetworking networking, Function<SpecInput, Map<String, Object>> specs,
      EventBus events, OomProbe oom, Clock clock, EtcFiles etc, ContainerMounts mounts) {
    this.mounts = mounts;
    this.etc = etc;
    this.store = new ContainerStore(dataRoot.resolve("containers"));
    this.images = images;
    this.layers = layers;
    this.rootfs = rootfs;
    this.runtime = runtime;
    this.events = new ContainerEvents(events);
    this.logReader = new LogReader();
    this.clock = clock;
    this.lifecycle = new Lifecycle(store, layers, rootfs, runtime, networking, specs, this.events, etc, oom, clock, mounts);
    this.creator = new Creator(store, images, layers, this.events, clock, mounts, networking);
    this.legacyNetworks = new LegacyNetworks(networking);
    this.views = new Views(networking, mounts);
    this.attacher = new Attacher(runtime, this.events, logReader);
    this.restarts = new RestartManager(lifecycle::policyRestart);
    lifecycle.restartPolicies(restarts);
    lifecycle.onAutoRemove(c -> {
      try {
        remove(c, c.id, false, true); // --rm takes the anonymous volumes too, as dockerd
      } catch (RuntimeException e) {
        System.getLogger(ContainerService.class.getName())
            .log(System.Logger.Level.WARNING, "auto-remove of " + c.id + " failed: " + e.getMessage());
      }
    });
  }

  /** Emits a container event for {@code ref} with dockerd's attributes (e.g. {@code top} from the probe). */
  public void event(String ref, String action) {
    events.emit(store.lookup(ref).record(), action);
  }

  /** The daemon's default log driver and options (daemon.json {@code log-driver}, {@code log-opts}). */
  public void logDrivers(dev.berth.engine.logs.LogDrivers drivers) {
    creator.logDrivers(drivers);
  }

  /** The running containers whose logs rotate (engine.logs.LogRotator polls this). */
  public List<dev.berth.engine.logs.LogRotator.Target> rotatingLogs() {
    return ContainerLogging.rotating(store.all());
  }

  /** Enables health checks, run with {@code probe}; call before {@link #restore()}. */
  public void healthChecks(HealthProbe probe) {
    this.health = new HealthMonitor(probe, events, clock, c -> {
      var h = c.health();
      if (h != null) HealthFile.save(store.dir(c.id), h);
    });
    lifecycle.healthChecks(health);
  }

  /** Inspect's {@code ExecIDs}: the container's exec ids, null when it has none (the exec service's). */
  public void execIds(Function<String, List<String>> lookup) {
    views.execIds(lookup);
  }

  /**
   * Loads every container from disk and reconciles it with the runtime (see {@link Restorer}), then
   * listens for exits. Call once, before serving requests.
   */
  public void restore() {
    new Restorer(store, runtime, rootfs, lifecycle, layers, legacyNetworks).restore();
    if (health != null) {
      for (var c : store.all()) {
        if (c.running() && !c.record().state().restarting()) health.resumed(c, HealthFile.load(store.dir(c.id)));
        else if (HealthMonitor.command(c.record().config().healthcheck()) != null) c.health(HealthFile.load(store.dir(c.id)));
      }
    }
    new RestartOnBoot(store, restarts, lifecycle).run();
  }

  /** At daemon shutdown: leave containers running with live restore, else stop them as dockerd does. */
  public void shutdown(boolean liveRestore) {
    restarts.shutdown(store.all());
    for (var c : store.all()) cancelledRestart(c);
    if (!liveRestore) new Restorer(store, runtime, rootfs, lifecycle, layers, legacyNetworks).stopAll();
  }

  /** The containers as network connect/disconnect needs them (stopped ones included). */
  public dev.berth.engine.network.ContainerDirectory networkDirectory() {
    return new NetworkDirectory(store, etc);
  }

  /** File access for commit, cp and export; {@code binder} binds a stopped container's volumes into its root. */
  public ContainerFiles files(ContainerFiles.VolumeBinder binder) {
    return new ContainerFiles(store, layers, rootfs, mounts, lifecycle, events, binder);
  }

  public CreateResult create(ContainerCreate request) {
    return creator.create(request);
  }

  public void start(String ref) {
    var c = store.lookup(ref);
    if (!c.running() && !c.removing()) {
      restarts.reset(c);
      synchronized (c) {
        c.update(c.record().withRestartCount(0));
      }
    }
    lifecycle.start(c);
  }

  /**
   * Restart-policy hook: the user stopped, killed or removed {@code c}, so its policy must not
   * restart it; a restart still pending is cancelled and the container recorded as exited.
   * Returns whether one was pending.
   */
  private boolean stoppedByUser(Container c) {
    restarts.cancel(c);
    synchronized (c) {
      c.update(c.record().withState(c.record().state().stoppedByUser()));
    }
    store.saveRecord(c);
    return cancelledRestart(c);
  }

  /** A container left restarting with no restart pending becomes exited. */
  private boolean cancelledRestart(Container c) {
    c.runLock.lock();
    try {
      var r = c.record();
      if (!r.state().restarting()) return false;
      c.exited(r.withState(r.state().restartCancelled()));
      store.saveRecord(c);
      return true;
    } finally {
      c.runLock.unlock();
    }
  }

  /** @param timeout seconds, null for the container's StopTimeout or 10; negative waits forever */
  public void stop(String ref, String signal, Integer timeout) {
    var c = store.lookup(ref);
    if (signal != null && !signal.isEmpty()) dev.berth.runtime.Signals.parse(signal);
    if (stoppedByUser(c)) {
      events.emit(c.record(), "stop");
      return;
    }
    lifecycle.stop(c, signal, timeout);
  }

  public void pause(String ref) {
    lifecycle.pause(store.lookup(ref));
  }

  public void unpause(String ref) {
    lifecycle.unpause(store.lookup(ref));
  }

  public void restart(String ref, String signal, Integer timeout) {
    var c = store.lookup(ref);
    restarts.cancel(c);
    cancelledRestart(c);
    try {
      lifecycle.restart(c, signal, timeout);
    } finally {
      restarts.reset(c);
    }
  }

  /** moby wraps every kill failure as {@code cannot kill container: <ref>: …}, keeping its kind. */
  public void kill(String ref, String signal) {
    try {
      var c = store.lookup(ref);
      if (stoppedByUser(c)) return;
      lifecycle.kill(c, signal);
    } catch (RuntimeException e) {
      throw Errors.prefixed("cannot kill container: " + ref + ": ", e);
    }
  }

  public void remove(String ref, boolean force, boolean volumes) {
    remove(store.lookup(ref), ref, force, volumes);
  }

  private void remove(Container c, String ref, boolean force, boolean volumes) {
    if (!c.beginRemoval()) {
      throw new Conflict("removal of container " + ref + " is already in progress");
    }
    try {
      if (force) {
        restarts.cancel(c);
        cancelledRestart(c);
      }
      c.operations.lock();
      try {
        if (c.running()) {
          if (!force) throw new Conflict("container is running: stop the container before removing or force remove");
          lifecycle.killAndWait(c);
        }
        var r = c.record();
        var merged = Lifecycle.mergedDir(r);
        if (merged != null) rootfs.unmount(merged);
        layers.remove(c.id);
        mounts.release(c.id, volumes);
        DiskUsage.deleteTree(store.dir(c.id));
        store.remove(c);
        restarts.forget(c.id);
        if (health != null) health.stopped(c);
        events.emit(r, "destroy");
        c.removed().complete(r.state().exitCode());
      } finally {
        c.operations.unlock();
      }
    } catch (IOException e) {
      throw Errors.prefixed("cannot remove container " + quote(ref) + ": ", new UncheckedIOException(e));
    } catch (RuntimeException e) {
      throw Errors.prefixed("cannot remove container " + quote(ref) + ": ", e);
    } finally {
      c.endRemoval();
    }
  }

  /** Go's {@code %q} for the plain names and ids this sees. */
  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * {@code POST /containers/{id}/update} (moby {@code ContainerUpdate}): {@code request} holds the
   * resources and restart policy asked for (zero = unchanged). Verified as dockerd does, stored so
   * inspect and the next start use it, and applied live to a running container; a live failure
   * restores the old config. The new policy applies from the next exit. Returns the warnings
   * (null when none, as dockerd's JSON shows them).
   */
  public List<String> update(String ref, dev.berth.model.HostConfig request) {
    var c = store.lookup(ref);
    if (request == null) return null;
    var policy = request.restartPolicy();
    if (policy != null && policy.name() != null && !policy.name().isEmpty()) {
      try {
        RestartManager.validate(policy, false);
      } catch (InvalidArgument e) {
        throw new InvalidArgument("Cannot update container " + c.id + ": " + e.getMessage());
      }
    }
    var verified = ResourceUpdate.verify(request, dev.berth.runtime.CgroupSupport.probe(CGROUP_ROOT),
        Runtime.getRuntime().availableProcessors());
    dev.berth.model.HostConfig backup;
    synchronized (c) {
      if (c.removing() || c.record().state().dead()) {
        throw new Conflict("Cannot update container " + c.id + ": container is marked for removal and cannot be \"update\"");
      }
      backup = c.hostConfig();
      try {
        c.updateHostConfig(ResourceUpdate.merge(backup, verified.request()));
      } catch (RuntimeException e) {
        throw Errors.prefixed("Cannot update container " + c.id + ": ", e);
      }
      store.save(c);
    }
    try {
      var state = c.record().state();
      if (state.running() && !state.restarting()) runtime.update(c.id, verified.request());
    } catch (RuntimeException e) {
      synchronized (c) {
        if (!c.removing()) {
          c.updateHostConfig(backup);
          store.save(c);
        }
      }
      throw Errors.prefixed("Cannot update container " + c.id + ": ", e);
    } finally {
      events.emit(c.record(), "update");
    }
    return verified.warnings().isEmpty() ? null : verified.warnings();
  }

  public void rename(String ref, String newName) {
    if (ref == null || ref.isEmpty() || newName == null || newName.isEmpty()) {
      throw new InvalidArgument("Neither old nor new names may be empty");
    }
    var c = store.lookup(ref);
    synchronized (c) {
      var r = c.record();
      var wanted = newName.startsWith("/") ? newName : "/" + newName;
      if (r.name().equals(wanted)) {
        throw new InvalidArgument("Renaming a container with the same name as its current name");
      }
      try {
        // moby's rename adds the slash before validating, so its error names "/bad/x".
        wanted = Names.canonical(wanted);
        store.reserveName(wanted, c.id);
      } catch (RuntimeException e) {
        throw Errors.prefixed("Error when allocating new name: ", e);
      }
      c.update(r.withName(wanted));
      store.saveRecord(c);
      store.releaseName(r.name());
      events.emit(c.record(), "rename", Map.of("oldName", r.name()));
    }
  }

  public void resize(String ref, int height, int width) {
    var c = store.lookup(ref);
    if (!c.running()) throw Errors.notRunning(c.id);
    runtime.resize(c.id, height, width);
    events.emit(c.record(), "resize", Map.of("height", Integer.toString(height), "width", Integer.toString(width)));
  }

  public Map<String, Object> inspect(String ref, boolean size) {
    var c = store.lookup(ref);
    if (!size) return views.inspect(c, null, null);
    var rw = DiskUsage.of(upperDir(c));
    return views.inspect(c, rw, rw + lowerSize(c));
  }

  public List<Map<String, Object>> list(ListOptions options) {
    var filter = new ListFilter(options, store::lookup, this::imageIdOrNull);
    var now = clock.instant();
    var out = new ArrayList<Map<String, Object>>();
    for (var c : filter.select(store.newestFirst())) {
      if (options.size()) {
        var rw = DiskUsage.of(upperDir(c));
        out.add(views.summary(c, now, rw, rw + lowerSize(c)));
      } else {
        out.add(views.summary(c, now, null, null));
      }
    }
    return out;
  }

  private String imageIdOrNull(String ref) {
    try {
      return images.resolve(ref).id();
    } catch (NotFound e) {
      return null;
    }
  }

  public PruneReport prune(Filters filters) {
    var match = PruneFilter.of(filters, clock);
    var deleted = new ArrayList<String>();
    long reclaimed = 0;
    for (var c : store.newestFirst()) {
      if (c.running() || c.removing() || !match.test(c.record())) continue;
      long size = DiskUsage.of(upperDir(c));
      try {
        remove(c, c.id, false, false);
        deleted.add(c.id);
        reclaimed += size;
      } catch (RuntimeException e) {
        // started or removed meanwhile: skip it, as dockerd does
      }
    }
    return new PruneReport(deleted.isEmpty() ? null : deleted, reclaimed);
  }

  /**
   * Validates and returns the wait; the future completes when {@code condition} is met. The route
   * sends its headers before blocking on it.
   */
  public CompletableFuture<WaitResult> await(String ref, WaitCondition condition) {
    var c = store.lookup(ref);
    CompletableFuture<Integer> f = switch (condition) {
      case NOT_RUNNING -> c.running() ? c.nextExit() : CompletableFuture.completedFuture(c.record().state().exitCode());
      case NEXT_EXIT -> c.nextExit();
      case REMOVED -> c.removed();
    };
    return f.thenApply(WaitResult::exited);
  }

  public Attachment attach(String ref, AttachOptions options) {
    return attacher.attach(store.lookup(ref), ref, options);
  }

  public ContainerLogs logs(String ref, LogQuery query) {
    var c = store.lookup(ref);
    boolean tty = c.record().config().tty();
    var file = ContainerLogging.readable(c);
    var details = ContainerLogging.settings(c).attrs();
    return new ContainerLogs() {
      @Override
      public boolean tty() {
        return tty;
      }

      @Override
      public Map<String, String> details() {
        return details;
      }

      @Override
      public void writeTo(dev.berth.engine.logs.LogSink sink) throws IOException {
        logReader.read(file, query, sink, c::running);
      }
    };
  }

  @Override
  public List<User> usersOf(String imageId) {
    var out = new ArrayList<User>();
    for (var c : store.all()) {
      if (c.record().image().equals(imageId)) out.add(new User(c.id, c.running()));
    }
    return out;
  }

  @Override
  public Counts counts() {
    int total = 0;
    int running = 0;
    int paused = 0;
    for (var c : store.all()) {
      total++;
      var s = c.record().state();
      if (s.running() && s.paused()) paused++;
      else if (s.running()) running++;
    }
    return new Counts(total, running, paused, total - running - paused);
  }

  private static Path upperDir(Container c) {
    var upper = c.record().graphDriver().get("UpperDir");
    return upper == null ? null : Path.of(upper);
  }

  private static long lowerSize(Container c) {
    var lower = c.record().graphDriver().get("LowerDir");
    if (lower == null || lower.isEmpty()) return 0;
    long total = 0;
    for (var dir : lower.split(":")) {
      if (Files.isDirectory(Path.of(dir))) total += DiskUsage.of(Path.of(dir));
    }
    return total;
  }
}
