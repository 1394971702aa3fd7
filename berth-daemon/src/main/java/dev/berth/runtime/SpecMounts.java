package dev.berth.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A container's mount list with dockerd's rules (moby daemon/oci_linux.go {@code WithMounts},
 * daemon/pkg/oci/defaults.go): the seven defaults, then the network files and user mounts sorted
 * by depth; a user mount replaces a default at the same destination, a user {@code /dev} drops
 * every default below /dev; read-only rootfs makes the rest read-only; privileged makes /sys and
 * the cgroup mount writable.
 */
final class SpecMounts {
  static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;
  private static final Set<String> KEEP_WRITABLE = Set.of("/proc", "/dev/pts", "/dev/shm", "/dev/mqueue", "/dev");

  private SpecMounts() {}

  static List<Map<String, Object>> build(SpecInput in) {
    var hc = in.hostConfig();
    boolean readonlyRootfs = hc != null && hc.readonlyRootfs();
    boolean privileged = hc != null && hc.privileged();
    String ipcMode = hc == null || hc.ipcMode() == null ? "" : hc.ipcMode();

    var user = new ArrayList<MountSpec>();
    String propagation = "rprivate";
    var fileOptions = readonlyRootfs ? List.of("rbind", "ro", propagation) : List.of("rbind", propagation);
    addFile(user, "/etc/resolv.conf", in.resolvConfFile(), fileOptions);
    addFile(user, "/etc/hostname", in.hostnameFile(), fileOptions);
    addFile(user, "/etc/hosts", in.hostsFile(), fileOptions);
    if (ipcMode.equals("host")) user.add(new MountSpec("/dev/shm", "bind", "/dev/shm", List.of("rbind", "rprivate")));
    if (in.shmSource() != null) user.add(new MountSpec("/dev/shm", "bind", in.shmSource(), List.of("rbind", "rprivate")));
    // a later user mount at the same destination wins over a network file
    var byDestination = new LinkedHashMap<String, MountSpec>();
    for (var m : user) byDestination.put(m.destination(), m);
    for (var m : in.mounts()) {
      byDestination.remove(m.destination());
      byDestination.put(m.destination(), m);
    }
    var userMounts = new ArrayList<>(byDestination.values());
    userMounts.sort(Comparator.comparingInt(m -> depth(m.destination()))); // stable: keeps given order per depth
    var userDestinations = new HashSet<String>();
    for (var m : userMounts) userDestinations.add(m.destination());

    var mounts = new ArrayList<Map<String, Object>>();
    boolean userDev = userDestinations.contains("/dev");
    for (var d : defaults(hc == null ? 0 : hc.shmSize())) {
      var dest = (String) d.get("destination");
      if (userDestinations.contains(dest)) continue;
      if (userDev && dest.startsWith("/dev/")) continue;
      if (dest.equals("/dev/shm") && ipcMode.equals("none")) continue;
      mounts.add(d);
    }
    for (var m : userMounts) mounts.add(mount(m.destination(), m.type(), m.source(), m.options()));

    for (var m : mounts) {
      var dest = (String) m.get("destination");
      @SuppressWarnings("unchecked")
      var options = (List<String>) m.get("options");
      if (readonlyRootfs && !KEEP_WRITABLE.contains(dest) && !userDestinations.contains(dest) && !options.contains("ro")) {
        options.add("ro");
      }
      if (privileged && (dest.equals("/sys") || "cgroup".equals(m.get("type")))) options.remove("ro");
    }
    return mounts;
  }

  private static void addFile(List<MountSpec> out, String destination, Path source, List<String> options) {
    if (source != null) out.add(new MountSpec(destination, "bind", source.toString(), options));
  }

  private static int depth(String destination) {
    return Path.of(destination).normalize().getNameCount();
  }

  /** moby's DefaultLinuxSpec mounts, /dev/shm sized from ShmSize (64 MiB when unset). */
  static List<Map<String, Object>> defaults(long shmSize) {
    long shm = shmSize > 0 ? shmSize : DEFAULT_SHM_SIZE;
    return new ArrayList<>(List.of(
        mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
        mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
        mount("/dev/pts", "devpts", "devpts",
            List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
        mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
        mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("ro", "nosuid", "noexec", "nodev")),
        mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
        mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=" + shm))));
  }

  private static Map<String, Object> mount(String destination, String type, String source, List<String> options) {
    var m = new LinkedHashMap<String, Object>();
    m.put("destination", destination);
    m.put("type", type);
    m.put("source", source);
    m.put("options", new ArrayList<>(options));
    return m;
  }
}
