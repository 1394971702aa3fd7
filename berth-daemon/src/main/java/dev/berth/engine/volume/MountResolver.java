package dev.berth.engine.volume;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.EngineException;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import dev.berth.model.ContainerConfig;
import dev.berth.model.HostConfig;
import dev.berth.model.MountPoint;
import dev.berth.runtime.MountSpec;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Containers' mounts, as the container service uses them. Lifecycle per container:
 * {@link #register} at create (validation with dockerd's 400s, volumes created, references taken),
 * {@link #setUp} at each start with the rootfs mounted (volumes mounted, bind sources made, image
 * content copied into empty volumes, OCI mounts returned), {@link #tearDown} after each stop, and
 * {@link #release} at remove (references dropped, anonymous volumes removed when asked). Mount
 * records live in {@code <data-root>/containers/<id>/mounts.json}; at construction they rebuild the
 * volume references, so in-use checks hold across daemon restarts. Thread-safe.
 */
public final class MountResolver implements ContainerMounts {
  private static final System.Logger LOG = System.getLogger(MountResolver.class.getName());

  private final VolumeService volumes;
  private final ContainerMountStore store;
  private final MountPlanner planner;
  private final NameLocks locks = new NameLocks();
  private final Map<String, ContainerMountStore.Entry> entries = new ConcurrentHashMap<>();
  private final BindPropagation propagation = BindPropagation.host();

  public MountResolver(Path dataRoot, VolumeService volumes) {
    this.volumes = volumes;
    this.store = new ContainerMountStore(dataRoot);
    this.planner = new MountPlanner(new MountParser(dataRoot));
    entries.putAll(store.loadAll());
    entries.forEach((id, entry) -> {
      for (var m : entry.mounts()) {
        if (m.isVolume() && !m.name().isEmpty()) {
          volumes.reference(m.name(), id);
          if (entry.active()) {
            record(m).ifPresent(r -> volumes.restoreMount(r, id));
          }
        }
      }
    });
  }

  /**
   * At container create: validates every mount source and creates the volumes it names, taking a
   * reference on each for {@code containerId}. On failure nothing is left behind.
   *
   * @param config the container config merged with the image's (its {@code Volumes} included)
   * @throws InvalidArgument dockerd's 400 texts ({@code invalid volume specification: …}, …)
   */
  @Override
  public List<MountPoint> register(String containerId, ContainerConfig config, HostConfig hostConfig, ContainerIds containers) {
    try (var held = locks.lock(containerId)) {
      var planned = planner.plan(config, hostConfig, containers, this::mountsOf);
      var made = new ArrayList<ContainerMount>();
      try {
        for (var p : planned) {
          made.add(p.mount().isVolume() ? createVolume(containerId, p) : p.mount());
        }
      } catch (RuntimeException e) {
        releaseVolumes(containerId, made, true);
        throw e;
      }
      var entry = new ContainerMountStore.Entry(made, false);
      store.save(containerId, entry);
      entries.put(containerId, entry);
      return made.stream().map(ContainerMount::view).toList();
    }
  }

  /** {@code Mounts[]} of a container for inspect and list; empty for an unknown id. */
  @Override
  public List<MountPoint> mounts(String containerId) {
    return mountsOf(containerId).stream().map(ContainerMount::view).toList();
  }

  /** Ids of the containers whose mounts use volume (or bind source) {@code nameOrSource} ({@code ps -f volume=}). */
  public List<String> containersUsing(String nameOrSource) {
    var out = new ArrayList<String>();
    entries.forEach((id, e) -> {
      if (e.mounts().stream().anyMatch(m -> m.name().equals(nameOrSource) || m.source().equals(nameOrSource)
          || m.destination().equals(nameOrSource))) {
        out.add(id);
      }
    });
    return out;
  }

  /**
   * At container start, with the container's rootfs mounted at {@code rootfs}: mounts its volumes,
   * creates missing {@code -v} bind sources, copies image content into empty volumes, and returns
   * the OCI mounts. On failure, what it mounted is unmounted again.
   */
  @Override
  public ResolvedMounts setUp(String containerId, HostConfig hostConfig, Path rootfs) {
    try (var held = locks.lock(containerId)) {
      var entry = entries.getOrDefault(containerId, new ContainerMountStore.Entry(List.of(), false));
      var mounted = new ArrayList<ContainerMount>();
      var resolved = new ArrayList<ContainerMount>();
      var specs = new ArrayList<MountSpec>();
      try {
        for (var m : entry.mounts()) {
          var r = prepare(containerId, m, rootfs, mounted);
          resolved.add(r);
          specs.add(spec(r));
        }
      } catch (RuntimeException e) {
        unmountAll(containerId, mounted);
        throw e;
      }
      var tmpfs = hostConfig == null || hostConfig.tmpfs() == null ? Map.<String, String>of() : hostConfig.tmpfs();
      tmpfs.forEach((dest, data) -> {
        var clean = GoPath.clean(dest);
        if (resolved.stream().noneMatch(m -> m.destination().equals(clean))) {
          specs.add(new MountSpec(clean, "tmpfs", "tmpfs", TmpfsOptions.forSpec(data)));
        }
      });
      specs.sort(Comparator.comparingInt(s -> depth(s.destination())));
      var updated = new ContainerMountStore.Entry(resolved, true);
      store.save(containerId, updated);
      entries.put(containerId, updated);
      return new ResolvedMounts(specs, resolved.stream().map(ContainerMount::view).toList());
    }
  }

  /** After the container stopped (also for one found stopped after a restart). Idempotent; never throws. */
  @Override
  public void tearDown(String containerId) {
    try (var held = locks.lock(containerId)) {
      var entry = entries.get(containerId);
      if (entry == null || !entry.active()) {
        return;
      }
      unmountAll(containerId, entry.mounts());
      var updated = new ContainerMountStore.Entry(entry.mounts(), false);
      entries.put(containerId, updated);
      try {
        store.save(containerId, updated);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "cannot record unmounted volumes of " + containerId + ": " + e.getMessage());
      }
    }
  }

  /**
   * At container remove: drops its volume references and, when {@code removeAnonymous}
   * ({@code rm -v}, {@code --rm}), removes its anonymous volumes no other container uses. Never throws.
   */
  @Override
  public void release(String containerId, boolean removeAnonymous) {
    tearDown(containerId);
    try (var held = locks.lock(containerId)) {
      var entry = entries.remove(containerId);
      if (entry != null) {
        releaseVolumes(containerId, entry.mounts(), removeAnonymous);
      }
      store.delete(containerId);
    }
  }

  private List<ContainerMount> mountsOf(String containerId) {
    var entry = entries.get(containerId);
    return entry == null ? List.of() : entry.mounts();
  }

  private ContainerMount createVolume(String containerId, MountPlanner.Planned planned) {
    var m = planned.mount();
    if (planned.origin() == MountPlanner.Origin.VOLUMES_FROM) {
      var record = volumes.get(m.name());
      volumes.reference(record.name(), containerId);
      return m.withVolume(record.name(), volumes.mountpoint(record), record.driver(), m.mode());
    }
    var record = volumes.create(m.name().isEmpty() ? null : m.name(), m.driver().isEmpty() ? null : m.driver(),
        m.volumeOptions(), m.volumeLabels(), containerId);
    // dockerd sets mode "z" on local volumes from -v name:/p and --mount, not on image VOLUMEs.
    var mode = record.driver().equals(LocalDriver.NAME) && m.mode().isEmpty() && planned.origin() != MountPlanner.Origin.IMAGE
        ? "z" : m.mode();
    return m.withVolume(record.name(), volumes.mountpoint(record), record.driver(), mode);
  }

  private ContainerMount prepare(String containerId, ContainerMount m, Path rootfs, List<ContainerMount> mounted) {
    switch (m.type()) {
      case ContainerMount.VOLUME -> {
        var record = record(m).orElseThrow(() -> new NotFound("get " + m.name() + ": no such volume"));
        var path = volumes.mount(record, containerId);
        mounted.add(m);
        if (m.copyData()) {
          copyImageContent(rootfs, m, path);
        }
        volumes.emit("mount", record.name(), Map.of("driver", record.driver(), "container", containerId,
            "destination", m.destination(), "read/write", Boolean.toString(m.rw()), "propagation", m.propagation()));
        return m.withVolume(record.name(), path.toString(), record.driver(), m.mode());
      }
      case ContainerMount.BIND -> {
        ensureBindSource(m);
        propagation.check(m.source(), m.propagation());
        return m;
      }
      default -> {
        return m;
      }
    }
  }

  private static void ensureBindSource(ContainerMount m) {
    var source = Path.of(m.source());
    if (Files.exists(source)) {
      return;
    }
    if (!m.createSource()) {
      throw new InvalidArgument("invalid mount config for type \"bind\": bind source path does not exist: " + m.source());
    }
    try {
      Files.createDirectories(source, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    } catch (IOException e) {
      throw new SystemError("error while creating mount source path '" + m.source() + "': " + e.getMessage(), e);
    }
  }

  private static void copyImageContent(Path rootfs, ContainerMount m, Path volumePath) {
    if (rootfs == null) {
      return;
    }
    try {
      var inImage = dev.berth.runtime.RootfsPaths.resolve(rootfs, m.destination());
      if (Files.isDirectory(inImage, LinkOption.NOFOLLOW_LINKS)) {
        ImageContentCopier.copyIfEmpty(inImage, volumePath);
      }
    } catch (IOException e) {
      throw new SystemError("failed to populate volume: " + e.getMessage(), e);
    }
  }

  /** dockerd's OCI options for binds and volumes: rbind, ro when read-only, the propagation when set. */
  private static MountSpec spec(ContainerMount m) {
    if (m.type().equals(ContainerMount.TMPFS)) {
      return new MountSpec(m.destination(), "tmpfs", "tmpfs", TmpfsOptions.forSpec(m.tmpfsData()));
    }
    var options = new ArrayList<String>();
    options.add("rbind");
    if (!m.rw()) {
      options.add("ro");
    }
    if (!m.propagation().isEmpty()) {
      options.add(m.propagation());
    }
    return new MountSpec(m.destination(), "bind", m.source(), options);
  }

  private void unmountAll(String containerId, List<ContainerMount> mounts) {
    for (var m : mounts) {
      if (!m.isVolume()) {
        continue;
      }
      try {
        var record = record(m);
        if (record.isPresent()) {
          volumes.unmount(record.get(), containerId);
          volumes.emit("unmount", m.name(), Map.of("driver", record.get().driver(), "container", containerId));
        }
      } catch (EngineException e) {
        LOG.log(Level.WARNING, "unmounting volume " + m.name() + " of " + containerId + ": " + e.getMessage());
      }
    }
  }

  private void releaseVolumes(String containerId, List<ContainerMount> mounts, boolean removeAnonymous) {
    for (var m : mounts) {
      if (!m.isVolume() || m.name().isEmpty()) {
        continue;
      }
      volumes.release(m.name(), containerId);
      if (removeAnonymous && m.anonymous()) {
        try {
          volumes.remove(m.name(), false);
        } catch (Conflict | NotFound e) {
          LOG.log(Level.DEBUG, "keeping volume " + m.name() + ": " + e.getMessage());
        } catch (EngineException e) {
          LOG.log(Level.WARNING, "removing volume " + m.name() + ": " + e.getMessage());
        }
      }
    }
  }

  private java.util.Optional<VolumeRecord> record(ContainerMount m) {
    try {
      return java.util.Optional.of(volumes.get(m.name()));
    } catch (NotFound e) {
      return java.util.Optional.empty();
    }
  }

  private static int depth(String destination) {
    return (int) GoPath.clean(destination).chars().filter(c -> c == '/').count();
  }
}
