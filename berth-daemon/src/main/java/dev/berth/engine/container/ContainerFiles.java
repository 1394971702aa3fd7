package dev.berth.engine.container;

import dev.berth.engine.volume.ContainerMounts;
import dev.berth.model.ContainerConfig;
import dev.berth.model.MountPoint;
import dev.berth.runtime.MountSpec;
import dev.berth.snapshot.ContainerLayers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What commit, cp and export need of a container (engine.commit, engine.archive): its layer dirs
 * and config, pause around a commit, events, and its root filesystem as the container sees it.
 * Thread-safe.
 */
public final class ContainerFiles {
  /**
   * One container's file-related facts at the time of the call.
   *
   * @param name without the leading slash
   * @param imageId {@code sha256:…} of its image
   * @param upperDir its writable overlay layer; lowerDirs its image's layers, top-most first
   * @param pid the init pid while running, else 0
   */
  public record Facts(String id, String name, String imageId, ContainerConfig config, boolean running, boolean paused,
      boolean removing, boolean dead, Path upperDir, List<Path> lowerDirs, Path mergedDir, boolean readonlyRootfs,
      List<MountPoint> mounts, int pid, String os) {}

  /**
   * What moby keeps in a container's init layer (mount points for files the daemon provides), with
   * no leading slash: never part of a container's changes, commit or diff. /dev, /proc and /sys go
   * with everything below them.
   */
  public static final java.util.Set<String> INIT_PATHS = java.util.Set.of(".dockerenv", "etc/hostname", "etc/hosts",
      "etc/resolv.conf", "etc/mtab", "dev", "proc", "sys");

  /** Whether {@code rel} (no leading slash) is one of {@link #INIT_PATHS} or below /dev, /proc or /sys. */
  public static boolean initPath(String rel) {
    return INIT_PATHS.contains(rel) || rel.startsWith("dev/") || rel.startsWith("proc/") || rel.startsWith("sys/");
  }

  /** moby's commit merge: {@code user} filled from the container's own config where it is incomplete. */
  public static ContainerConfig mergeForCommit(ContainerConfig user, ContainerConfig container) {
    try {
      return ConfigMerge.merge(user, container, user.image(), user.hostname());
    } catch (dev.berth.engine.error.InvalidArgument noCommand) {
      return user;
    }
  }

  /** Work done on a stopped container's mounted root; {@code root} holds its volumes and binds too. */
  public interface RootTask<T> {
    T run(Path root) throws java.io.IOException;
  }

  private final ContainerStore store;
  private final ContainerLayers layers;
  private final RootfsMounter rootfs;
  private final ContainerMounts mounts;
  private final Lifecycle lifecycle;
  private final ContainerEvents events;
  private final VolumeBinder binder;

  ContainerFiles(ContainerStore store, ContainerLayers layers, RootfsMounter rootfs, ContainerMounts mounts,
      Lifecycle lifecycle, ContainerEvents events, VolumeBinder binder) {
    this.store = store;
    this.layers = layers;
    this.rootfs = rootfs;
    this.mounts = mounts;
    this.lifecycle = lifecycle;
    this.events = events;
    this.binder = binder;
  }

  /** Binds a stopped container's user mounts into its mounted root for the time of a file operation. */
  public interface VolumeBinder {
    /** Applies {@code specs} (shallowest first) under {@code root}; returns the mount points made, to undo. */
    List<Path> bind(Path root, List<MountSpec> specs) throws java.io.IOException;

    void unbind(List<Path> mountPoints);
  }

  /** Throws NotFound ("No such container: x") for an unknown reference. */
  public Facts facts(String ref) {
    var c = store.lookup(ref);
    var r = c.record();
    var gd = r.graphDriver();
    var lowers = new ArrayList<Path>();
    var lower = gd.get("LowerDir");
    if (lower != null) for (var l : lower.split(":")) if (!l.isEmpty()) lowers.add(Path.of(l));
    var s = r.state();
    return new Facts(c.id, r.shortName(), r.image(), r.config(), s.running(), s.paused(), c.removing(), s.dead(),
        gd.get("UpperDir") == null ? null : Path.of(gd.get("UpperDir")), lowers,
        gd.get("MergedDir") == null ? null : Path.of(gd.get("MergedDir")),
        c.hostConfig() != null && c.hostConfig().readonlyRootfs(), mounts.mounts(c.id), s.running() ? s.pid() : 0,
        r.platform() == null || r.platform().isEmpty() ? "linux" : r.platform());
  }

  /** Pauses a running container as {@code docker pause} does (event included). */
  public void pause(String id) {
    lifecycle.pause(store.lookup(id));
  }

  public void unpause(String id) {
    lifecycle.unpause(store.lookup(id));
  }

  /** A container event with moby's attributes (labels, image, name) plus {@code extra}. */
  public void emit(String id, String action, Map<String, String> extra) {
    events.emit(store.lookup(id).record(), action, extra);
  }

  /**
   * Runs {@code task} on the root of a container that is not running: its rootfs is mounted (and
   * with {@code withVolumes} its volumes and binds bound in) for the task, and it cannot start or
   * be removed meanwhile. When the container is running, returns {@code ifRunning.get()} instead
   * (the caller uses its live root).
   */
  public <T> T whileStopped(String ref, boolean withVolumes, RootTask<T> task, java.util.function.Supplier<T> ifRunning)
      throws java.io.IOException {
    var c = store.lookup(ref);
    c.operations.lock();
    try {
      if (c.running()) return ifRunning.get();
      var r = c.record();
      var mount = layers.prepare(c.id, r.layers());
      rootfs.mount(mount);
      List<Path> bound = List.of();
      try {
        if (withVolumes) bound = binder.bind(mount.target(), mounts.setUp(c.id, c.hostConfig(), mount.target()).specs());
        return task.run(mount.target());
      } finally {
        binder.unbind(bound);
        try {
          if (withVolumes) mounts.tearDown(c.id);
        } finally {
          rootfs.unmount(mount.target());
        }
      }
    } finally {
      c.operations.unlock();
    }
  }
}
