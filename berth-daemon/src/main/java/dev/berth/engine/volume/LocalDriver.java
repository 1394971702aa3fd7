package dev.berth.engine.volume;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.SystemError;
import dev.berth.os.ErrnoException;
import dev.berth.os.Mounts;
import dev.berth.store.AtomicJson;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The built-in {@code local} driver: {@code <data-root>/volumes/<name>/_data}, optionally with a
 * filesystem mounted on it ({@code -o type=tmpfs -o device=tmpfs -o o=size=64m}, or a bind with
 * {@code -o type=none -o o=bind -o device=/path}). Such a mount is made on the first container
 * mount and undone after the last, as dockerd does. Thread-safe (one monitor).
 */
final class LocalDriver implements VolumeDriver {
  static final String NAME = "local";
  private static final System.Logger LOG = System.getLogger(LocalDriver.class.getName());
  private static final Pattern VALID_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
  private static final String NAME_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]";

  private final Path root;
  private final Map<String, LocalOptions> volumes = new HashMap<>();
  /** Volume name → container ids that have it mounted (only tracked for volumes with options). */
  private final Map<String, Set<String>> active = new HashMap<>();
  private final Set<String> mounted = new HashSet<>();

  /** Scans {@code root} ({@code <data-root>/volumes}) for volumes an earlier daemon made. */
  LocalDriver(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root);
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx-----x"));
    try (var dirs = Files.list(root)) {
      for (var dir : dirs.toList()) {
        var name = dir.getFileName().toString();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !VALID_NAME.matcher(name).matches()) {
          continue;
        }
        if (!Files.exists(data(name), LinkOption.NOFOLLOW_LINKS) && !Files.exists(optsFile(name))) {
          continue;
        }
        var opts = AtomicJson.read(optsFile(name), LocalOptions.class).orElse(null);
        volumes.put(name, opts);
        if (opts != null && Mounts.isMountPoint(data(name))) {
          mounted.add(name);
        }
      }
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String scope() {
    return "local";
  }

  static void validateName(String name) {
    if (name.length() == 1) {
      throw new InvalidArgument("volume name is too short, names should be at least two alphanumeric characters");
    }
    if (!VALID_NAME.matcher(name).matches()) {
      throw new InvalidArgument(GoQuote.quote(name) + " includes invalid characters for a local volume name, only "
          + GoQuote.quote(NAME_CHARS) + " are allowed. If you intended to pass a host directory, use absolute path");
    }
  }

  @Override
  public synchronized DriverVolume create(String name, Map<String, String> options) {
    validateName(name);
    var opts = LocalOptions.of(options);
    if (volumes.containsKey(name)) {
      return volume(name);
    }
    var dir = root.resolve(name);
    try {
      Files.createDirectories(data(name));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx-----x"));
      Files.setPosixFilePermissions(data(name), PosixFilePermissions.fromString("rwxr-xr-x"));
      if (opts != null) {
        AtomicJson.write(optsFile(name), opts);
      }
    } catch (IOException | RuntimeException e) {
      try {
        FileTrees.deleteRecursively(dir);
      } catch (IOException ignored) {
        // best effort: the start-up scan ignores a dir without _data
      }
      throw new SystemError("error while creating volume data path '" + data(name) + "': " + e.getMessage(), e);
    }
    volumes.put(name, opts);
    return volume(name);
  }

  @Override
  public synchronized void remove(String name) {
    if (!volumes.containsKey(name)) {
      throw new SystemError("volume not found");
    }
    if (!active.getOrDefault(name, Set.of()).isEmpty()) {
      throw new SystemError("volume has active mounts");
    }
    unmountData(name);
    var dir = root.resolve(name);
    try {
      if (Mounts.isMountPoint(data(name))) {
        throw new SystemError("unable to remove volume " + name + ": " + data(name) + " is still mounted");
      }
      FileTrees.deleteRecursively(dir);
    } catch (IOException e) {
      throw new SystemError("error removing volume path '" + dir + "': " + e.getMessage(), e);
    }
    volumes.remove(name);
    active.remove(name);
  }

  @Override
  public synchronized Optional<DriverVolume> get(String name) {
    return volumes.containsKey(name) ? Optional.of(volume(name)) : Optional.empty();
  }

  @Override
  public synchronized List<DriverVolume> list() {
    var out = new ArrayList<DriverVolume>();
    for (var name : volumes.keySet()) {
      out.add(volume(name));
    }
    return out;
  }

  @Override
  public synchronized Path mount(String name, String ref) {
    if (!volumes.containsKey(name)) {
      throw new SystemError("volume not found");
    }
    var opts = volumes.get(name);
    if (opts != null) {
      if (!mounted.contains(name)) {
        mountData(name, opts);
        mounted.add(name);
      }
      active.computeIfAbsent(name, n -> new HashSet<>()).add(ref);
    }
    return data(name);
  }

  @Override
  public synchronized void unmount(String name, String ref) {
    var refs = active.get(name);
    if (refs == null || !refs.remove(ref) || !refs.isEmpty()) {
      return;
    }
    active.remove(name);
    unmountData(name);
  }

  /** Records that {@code ref} still has the volume mounted (a container that ran across a daemon restart). */
  synchronized void restoreMount(String name, String ref) {
    if (volumes.get(name) != null) {
      active.computeIfAbsent(name, n -> new HashSet<>()).add(ref);
    }
  }

  /** Whether {@code name} is a plain directory volume (prune and {@code system df} only count those). */
  synchronized boolean hasOptions(String name) {
    return volumes.get(name) != null;
  }

  Path data(String name) {
    return root.resolve(name).resolve("_data");
  }

  private Path optsFile(String name) {
    return root.resolve(name).resolve("opts.json");
  }

  private DriverVolume volume(String name) {
    return new DriverVolume(name, data(name).toString(), null, null);
  }

  private void mountData(String name, LocalOptions opts) {
    if (opts.mountDevice().isEmpty()) {
      throw new SystemError("missing device in volume options");
    }
    var parsed = LocalMountOptions.parse(opts.mountOpts());
    var target = data(name);
    try {
      Mounts.mount(opts.mountDevice(), target, opts.mountType(), parsed.flags() & ~Mounts.MS_RDONLY, parsed.data());
      if (parsed.bind() && (parsed.flags() & Mounts.MS_RDONLY) != 0) {
        Mounts.mount(null, target, null, Mounts.MS_REMOUNT | Mounts.MS_BIND | Mounts.MS_RDONLY, null);
      } else if ((parsed.flags() & Mounts.MS_RDONLY) != 0) {
        Mounts.mount(null, target, null, Mounts.MS_REMOUNT | parsed.flags(), parsed.data());
      }
    } catch (ErrnoException e) {
      throw new SystemError("failed to mount local volume: mount " + opts.mountDevice() + ":" + target
          + ", flags: 0x" + Long.toHexString(parsed.flags()) + ", data: " + parsed.data() + ": " + e.getMessage(), e);
    }
  }

  private void unmountData(String name) {
    if (volumes.get(name) == null || !mounted.contains(name)) {
      return;
    }
    try {
      Mounts.unmountIfMounted(data(name));
      mounted.remove(name);
    } catch (ErrnoException e) {
      LOG.log(Level.WARNING, "unmounting volume " + name + ": " + e.getMessage());
      throw new SystemError("error while unmounting volume " + name + ": " + e.getMessage(), e);
    }
  }
}
