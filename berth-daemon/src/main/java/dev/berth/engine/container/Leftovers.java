package dev.berth.engine.container;

import dev.berth.os.Mounts;
import dev.berth.runtime.RuntimeService;
import dev.berth.snapshot.ContainerLayers;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;

/**
 * The start-up sweep of containers whose record vanished (berthd killed between making runtime
 * state and saving the record, a record file lost): their processes, monitor, runc state, cgroups,
 * exec-root dir, rootfs mount and layer dirs are removed, each logged. It looks only in this
 * daemon's own roots (the runtime's exec root, the layer store, the containers folder), so another
 * daemon's containers are never touched. Runs before the API serves requests.
 */
final class Leftovers {
  private static final System.Logger LOG = System.getLogger(Leftovers.class.getName());

  private final RuntimeService runtime;
  private final ContainerLayers layers;
  private final RootfsMounter rootfs;

  Leftovers(RuntimeService runtime, ContainerLayers layers, RootfsMounter rootfs) {
    this.runtime = runtime;
    this.layers = layers;
    this.rootfs = rootfs;
  }

  /** A container folder without a readable record: its mounts (a shareable /dev/shm) first, then the folder. */
  void removeFolder(Path dir) {
    LOG.log(Level.WARNING, "removing half-created container folder " + dir);
    try {
      for (var m : Mounts.mountPointsUnder(dir).stream().sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList()) {
        rootfs.unmount(m);
      }
      DiskUsage.deleteTree(dir);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "cannot remove " + dir + ": " + e.getMessage());
    }
  }

  /** Removes the runtime state and layers of every container not in {@code known}. */
  void sweep(Set<String> known) {
    for (var id : runtime.ids()) {
      if (known.contains(id)) continue;
      LOG.log(Level.WARNING, "removing the runtime state of container " + id + ", which has no record");
      try {
        runtime.delete(id);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "cannot remove the runtime state of " + id + ": " + e.getMessage());
      }
    }
    for (var e : layers.containers().entrySet()) {
      if (known.contains(e.getKey())) continue;
      LOG.log(Level.WARNING, "removing the root filesystem of container " + e.getKey() + ", which has no record");
      try {
        rootfs.unmount(e.getValue());
        layers.remove(e.getKey());
      } catch (RuntimeException ex) {
        LOG.log(Level.WARNING, "cannot remove the root filesystem of " + e.getKey() + ": " + ex.getMessage());
      }
    }
  }
}
