package dev.berth.runtime;

import dev.berth.engine.error.InvalidArgument;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Linux capability names and dockerd's rules for a container's set
 * (moby daemon/pkg/oci/caps: {@code DefaultCapabilities}, {@code TweakCapabilities}).
 */
final class Capabilities {
  /** By number: index i is capability i (include/uapi/linux/capability.h). */
  private static final List<String> BY_NUMBER = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
      "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
      "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
      "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
      "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
      "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
      "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

  /** dockerd's 14 defaults, in its order (moby daemon/pkg/oci/caps/defaults.go). */
  static final List<String> DEFAULTS = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
      "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
      "CAP_AUDIT_WRITE");

  private static final String ALL = "ALL";

  private Capabilities() {}

  /** Every capability the kernel knows, given {@code /proc/sys/kernel/cap_last_cap}. */
  static List<String> known(int lastCap) {
    return BY_NUMBER.subList(0, Math.min(lastCap, BY_NUMBER.size() - 1) + 1);
  }

  /** The known capabilities that are also in the daemon's bounding set. */
  static List<String> all(int lastCap, long bounding) {
    var known = known(lastCap);
    var out = new ArrayList<String>();
    for (int i = 0; i < known.size(); i++) if ((bounding & (1L << i)) != 0) out.add(known.get(i));
    return List.copyOf(out);
  }

  /**
   * dockerd's {@code TweakCapabilities}: privileged gets all; {@code ALL} in add means all minus
   * drops; {@code ALL} in drop means only adds; otherwise defaults − drops + adds. Names are
   * case-insensitive and the {@code CAP_} prefix is optional.
   *
   * @throws InvalidArgument {@code unknown capability: "CAP_FOO"} for a name the kernel lacks
   */
  static List<String> tweak(List<String> adds, List<String> drops, boolean privileged, int lastCap, long bounding) {
    var all = all(lastCap, bounding);
    if (privileged) return all;
    adds = adds == null ? List.of() : adds;
    drops = drops == null ? List.of() : drops;
    if (adds.isEmpty() && drops.isEmpty()) return DEFAULTS;
    var capDrop = normalize(drops, all);
    var capAdd = normalize(adds, all);
    var caps = new LinkedHashSet<String>();
    if (capAdd.contains(ALL)) {
      for (var c : all) if (!capDrop.contains(c)) caps.add(c);
    } else if (capDrop.contains(ALL)) {
      caps.addAll(capAdd);
    } else {
      for (var c : DEFAULTS) if (!capDrop.contains(c)) caps.add(c);
      caps.addAll(capAdd);
    }
    return List.copyOf(caps);
  }

  private static List<String> normalize(List<String> names, List<String> available) {
    var out = new ArrayList<String>();
    for (var raw : names) {
      var c = raw.toUpperCase(Locale.ROOT);
      if (c.equals(ALL)) {
        out.add(c);
        continue;
      }
      if (!c.startsWith("CAP_")) c = "CAP_" + c;
      if (!available.contains(c)) {
        if (BY_NUMBER.contains(c)) {
          throw new InvalidArgument(
              "capability not supported by your kernel or not available in the current environment: \"" + c + "\"");
        }
        throw new InvalidArgument("unknown capability: \"" + c + "\"");
      }
      out.add(c);
    }
    return out;
  }
}
