package dev.berth.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** {@link KernelFacts} read from /proc, /sys and /dev. Thread-safe; re-reads on every call. */
final class LinuxKernelFacts implements KernelFacts {
  private static final int S_IFMT = 0170000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  /** Skipped when listing host devices (containerd's HostDevices does the same). */
  private static final Set<String> SKIP_DIRS = Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev");

  @Override
  public long maxOpenFiles() {
    try {
      for (var line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (!line.startsWith("Max open files")) continue;
        var fields = line.substring("Max open files".length()).trim().split("\\s+");
        return fields[1].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(fields[1]);
      }
    } catch (IOException | RuntimeException e) {
      // fall through: assume the usual default
    }
    return OciSpecBuilder.DEFAULT_NOFILE;
  }

  @Override
  public int lastCap() {
    try {
      // one big read: Files.readString reads sysctl files in pieces and gets "4" of "40"
      try (var in = Files.newInputStream(Path.of("/proc/sys/kernel/cap_last_cap"))) {
        return Integer.parseInt(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip());
      }
    } catch (IOException | NumberFormatException e) {
      return 40;
    }
  }

  @Override
  public long boundingSet() {
    try {
      for (var line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapBnd:")) return Long.parseUnsignedLong(line.substring(7).strip(), 16);
      }
    } catch (IOException | NumberFormatException e) {
      // fall through: assume every capability the kernel knows
    }
    return -1L;
  }

  @Override
  public boolean cgroupV2() {
    return Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
  }

  @Override
  public List<String> thermalThrottlePaths() {
    var out = new ArrayList<String>();
    try (Stream<Path> cpus = Files.list(Path.of("/sys/devices/system/cpu"))) {
      cpus.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("cpu[0-9]+"))
          .sorted((a, b) -> Integer.compare(Integer.parseInt(a.substring(3)), Integer.parseInt(b.substring(3))))
          .map(n -> "/sys/devices/system/cpu/" + n + "/thermal_throttle")
          .filter(p -> Files.exists(Path.of(p)))
          .forEach(out::add);
    } catch (IOException e) {
      return List.of();
    }
    return out;
  }

  @Override
  public boolean sysctlExists(String name) {
    return Files.exists(Path.of("/proc/sys", name.replace('.', '/')));
  }

  @Override
  public List<DeviceNode> hostDevices() {
    var out = new ArrayList<DeviceNode>();
    collect(Path.of("/dev"), out);
    return out;
  }

  private void collect(Path dir, List<DeviceNode> out) {
    try (Stream<Path> entries = Files.list(dir)) {
      for (var p : entries.sorted().toList()) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          if (!SKIP_DIRS.contains(p.getFileName().toString())) collect(p, out);
        } else if (!p.toString().equals("/dev/console")) {
          try {
            out.add(device(p.toString()));
          } catch (IOException notADevice) {
            // symlinks, sockets and regular files are not device nodes
          }
        }
      }
    } catch (IOException e) {
      // an unreadable dir contributes nothing
    }
  }

  @Override
  public DeviceNode device(String hostPath) throws IOException {
    var p = Path.of(hostPath);
    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    String type;
    if ((mode & S_IFMT) == S_IFCHR) type = "c";
    else if ((mode & S_IFMT) == S_IFBLK) type = "b";
    else throw new IOException("not a device node: " + hostPath);
    long rdev = (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
    long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
    long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
    int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int gid = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    return new DeviceNode(hostPath, type, major, minor, mode & 07777, uid, gid);
  }
}
