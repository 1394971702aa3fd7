package dev.berth.engine.volume;

import java.util.Set;

/** The mode words of {@code -v src:dst:mode} on Linux, checked as dockerd's linux parser does. */
final class MountModes {
  static final Set<String> PROPAGATION = Set.of("private", "rprivate", "slave", "rslave", "shared", "rshared");
  private static final Set<String> RW = Set.of("rw", "ro");
  private static final Set<String> LABEL = Set.of("z", "Z");
  private static final Set<String> CONSISTENCY = Set.of("consistent", "cached", "delegated");

  private MountModes() {}

  /** At most one word of each kind (rw/ro, z/Z, propagation, nocopy, consistency); "" is valid. */
  static boolean valid(String mode) {
    if (mode.isEmpty()) {
      return true;
    }
    int rw = 0, label = 0, propagation = 0, copy = 0, consistency = 0;
    for (var o : mode.split(",", -1)) {
      if (RW.contains(o)) {
        rw++;
      } else if (LABEL.contains(o)) {
        label++;
      } else if (PROPAGATION.contains(o)) {
        propagation++;
      } else if (o.equals("nocopy")) {
        copy++;
      } else if (CONSISTENCY.contains(o)) {
        consistency++;
      } else {
        return false;
      }
    }
    return rw <= 1 && label <= 1 && propagation <= 1 && copy <= 1 && consistency <= 1;
  }

  static boolean readWrite(String mode) {
    if (!valid(mode)) {
      return false;
    }
    for (var o : mode.split(",", -1)) {
      if (o.equals("ro")) {
        return false;
      }
    }
    return true;
  }

  /** The propagation word in {@code mode}, or null. */
  static String propagation(String mode) {
    for (var o : mode.split(",", -1)) {
      if (PROPAGATION.contains(o)) {
        return o;
      }
    }
    return null;
  }

  static boolean noCopy(String mode) {
    for (var o : mode.split(",", -1)) {
      if (o.equals("nocopy")) {
        return true;
      }
    }
    return false;
  }
}
