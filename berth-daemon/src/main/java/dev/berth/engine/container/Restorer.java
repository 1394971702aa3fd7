package dev.berth.engine.container;

import dev.berth.runtime.RuntimeService;
import dev.berth.snapshot.ContainerLayers;
import java.lang.System.Logger.Level;
import java.util.ArrayList;

/**
 * Start-up reconciliation and shutdown (moby {@code daemon.restore}, {@code daemon.Shutdown}).
 * Containers the runtime still runs are kept (their exit arrives later through the runtime's exit
 * listener); ones whose exit file appeared while the daemon was away get their true exit code and
 * are cleaned up; ones whose monitor vanished without an exit file (a host reboot) exit with 255;
 * folders without a readable record (a crash during create) are deleted, and so is whatever the
 * runtime and the layer store still hold of containers without a record ({@link Leftovers}).
 */
final class Restorer {
  private static final System.Logger LOG = System.getLogger(Restorer.class.getName());

  private final ContainerStore store;
  private final RuntimeService runtime;
  private final RootfsMounter rootfs;
  private final Lifecycle lifecycle;
  private final Leftovers leftovers;
  private final LegacyNetworks legacyNetworks;

  Restorer(ContainerStore store, RuntimeService runtime, RootfsMounter rootfs, Lifecycle lifecycle, ContainerLayers layers,
      LegacyNetworks legacyNetworks) {
    this.store = store;
    this.runtime = runtime;
    this.rootfs = rootfs;
    this.lifecycle = lifecycle;
    this.leftovers = new Leftovers(runtime, layers, rootfs);
    this.legacyNetworks = legacyNetworks;
  }

  void restore() {
    var loaded = store.load(legacyNetworks::complete);
    loaded.broken().forEach(leftovers::removeFolder);
    leftovers.sweep(loaded.containers().stream().map(c -> c.id).collect(java.util.stream.Collectors.toSet()));
    // listen first, so an exit between the check below and now is not lost (handleExit is idempotent)
    runtime.onExit(id -> Thread.ofVirtual().name("exit-" + id.substring(0, Math.min(12, id.length())))
        .start(() -> lifecycle.handleExit(id)));
    var exitedMeanwhile = new ArrayList<Container>();
    for (var c : loaded.containers()) {
      if (c.running()) {
        if (runtime.exitCode(c.id).isPresent() || !runtime.monitorAlive(c.id)) exitedMeanwhile.add(c);
      } else {
        var merged = Lifecycle.mergedDir(c.record());
        if (merged != null) {
          try {
            rootfs.unmount(merged);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot unmount stale rootfs of " + c.id + ": " + e.getMessage());
          }
        }
      }
    }
    for (var c : exitedMeanwhile) lifecycle.handleExit(c.id);
    for (var c : loaded.containers()) {
      if (!c.running() && c.hostConfig().autoRemove() && !c.removing()) {
        lifecycleAutoRemove(c);
      }
    }
  }

  private void lifecycleAutoRemove(Container c) {
    try {
      lifecycle.autoRemove(c);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "auto-remove of " + c.id + " failed: " + e.getMessage());
    }
  }

  /** Stops every running container in parallel with its stop signal and timeout, then SIGKILL. */
  void stopAll() {
    var threads = new ArrayList<Thread>();
    for (var c : store.all()) {
      if (!c.running()) continue;
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          lifecycle.stop(c, null, null);
        } catch (RuntimeException e) {
          LOG.log(Level.DEBUG, "stop of " + c.id + " at shutdown: " + e.getMessage());
        }
      }));
    }
    for (var t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
