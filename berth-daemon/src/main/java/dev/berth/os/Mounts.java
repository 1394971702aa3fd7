package dev.berth.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * mount(2), umount2(2) and the mount table. Stateless; every method is a syscall or a read of
 * {@code /proc/self/mountinfo}, so it sees mounts made by other processes too.
 */
public final class Mounts {
  public static final long MS_RDONLY = 1;
  public static final long MS_NOSUID = 2;
  public static final long MS_NODEV = 4;
  public static final long MS_NOEXEC = 8;
  public static final long MS_REMOUNT = 32;
  public static final long MS_BIND = 4096;
  public static final long MS_REC = 16384;
  public static final long MS_PRIVATE = 1L << 18;
  public static final long MS_SLAVE = 1L << 19;
  /** umount2 flag: detach now, clean up when no longer busy. */
  public static final int MNT_DETACH = 2;
  public static final int MNT_FORCE = 1;
  public static final int UMOUNT_NOFOLLOW = 8;

  /** The kernel copies at most one page of mount data. */
  private static final int MAX_MOUNT_DATA = 4095;
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private Mounts() {}

  /** mount(2); {@code source}, {@code fstype} and {@code data} may be null. */
  public static void mount(String source, Path target, String fstype, long flags, String data) throws ErrnoException {
    Native.mount(source, target.toString(), fstype, flags, data);
  }

  /**
   * Mounts an overlay at {@code target} with {@code options} (as from
   * {@code snapshot.OverlayMount.options()}). Options longer than mount(2)'s one page (many or
   * long layer paths) go through the new mount API, one {@code lowerdir+} per layer; paths must
   * then contain no {@code ,} or {@code :}.
   */
  public static void mountOverlay(String options, Path target) throws ErrnoException {
    if (options.length() <= MAX_MOUNT_DATA) {
      Native.mount("overlay", target.toString(), "overlay", 0, options);
      return;
    }
    var config = new ArrayList<Map.Entry<String, String>>();
    for (var option : options.split(",")) {
      int eq = option.indexOf('=');
      var key = eq < 0 ? option : option.substring(0, eq);
      var value = eq < 0 ? "" : option.substring(eq + 1);
      if (key.equals("lowerdir")) {
        for (var layer : value.split(":")) config.add(Map.entry("lowerdir+", layer));
      } else {
        config.add(Map.entry(key, value));
      }
    }
    Native.mountNewApi("overlay", config, target.toString());
  }

  /** umount2(2) with {@code flags} (0, {@link #MNT_DETACH}, …). */
  public static void unmount(Path target, int flags) throws ErrnoException {
    Native.umount2(target.toString(), flags);
  }

  /** Unmounts {@code target} if it is a mount point (lazily, so a busy mount goes too); no-op otherwise. */
  public static void unmountIfMounted(Path target) throws ErrnoException {
    while (isMountPoint(target)) {
      try {
        Native.umount2(target.toString(), MNT_DETACH | UMOUNT_NOFOLLOW);
      } catch (ErrnoException e) {
        if (e.errno() == ErrnoException.EINVAL || e.errno() == ErrnoException.ENOENT) return; // raced: gone already
        throw e;
      }
    }
  }

  /** Whether something is mounted exactly at {@code path} (lexically normalized, absolute). */
  public static boolean isMountPoint(Path path) {
    var wanted = path.toAbsolutePath().normalize().toString();
    return mountPoints().contains(wanted);
  }

  /** Every mount point at or below {@code dir}, deepest last in mount order. */
  public static List<Path> mountPointsUnder(Path dir) {
    var base = dir.toAbsolutePath().normalize();
    var found = new ArrayList<Path>();
    for (var mp : mountPoints()) {
      var p = Path.of(mp);
      if (p.startsWith(base)) found.add(p);
    }
    return found;
  }

  /** The mount points of this process's mount namespace, in mountinfo order. */
  public static List<String> mountPoints() {
    try {
      var points = new ArrayList<String>();
      for (var line : Files.readAllLines(MOUNTINFO)) {
        var fields = line.split(" ", 6);
        if (fields.length >= 5) points.add(unescape(fields[4]));
      }
      return points;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** mountinfo escapes space, tab, newline and backslash as {@code \ooo} octal. */
  static String unescape(String field) {
    if (field.indexOf('\\') < 0) return field;
    var out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) return false;
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') return false;
    }
    return true;
  }
}
