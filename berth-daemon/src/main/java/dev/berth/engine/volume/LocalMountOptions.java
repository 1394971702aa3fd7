package dev.berth.engine.volume;

import dev.berth.os.Mounts;
import java.util.ArrayList;
import java.util.Map;

/**
 * The {@code o=} option of a local volume split as mount(8) does: known flag words become
 * mount(2) flags, everything else stays in the data string ({@code size=64m,uid=1000}).
 */
record LocalMountOptions(long flags, String data) {
  private static final long MS_SYNCHRONOUS = 16;
  private static final long MS_MANDLOCK = 64;
  private static final long MS_DIRSYNC = 128;
  private static final long MS_NOATIME = 1024;
  private static final long MS_NODIRATIME = 2048;
  private static final long MS_RELATIME = 1L << 21;
  private static final long MS_STRICTATIME = 1L << 24;

  /** word → {clear?, flag}: a clearing word removes the flag its opposite set. */
  private static final Map<String, long[]> WORDS = Map.ofEntries(
      Map.entry("defaults", new long[] {0, 0}),
      Map.entry("ro", new long[] {0, Mounts.MS_RDONLY}),
      Map.entry("rw", new long[] {1, Mounts.MS_RDONLY}),
      Map.entry("suid", new long[] {1, Mounts.MS_NOSUID}),
      Map.entry("nosuid", new long[] {0, Mounts.MS_NOSUID}),
      Map.entry("dev", new long[] {1, Mounts.MS_NODEV}),
      Map.entry("nodev", new long[] {0, Mounts.MS_NODEV}),
      Map.entry("exec", new long[] {1, Mounts.MS_NOEXEC}),
      Map.entry("noexec", new long[] {0, Mounts.MS_NOEXEC}),
      Map.entry("sync", new long[] {0, MS_SYNCHRONOUS}),
      Map.entry("async", new long[] {1, MS_SYNCHRONOUS}),
      Map.entry("dirsync", new long[] {0, MS_DIRSYNC}),
      Map.entry("mand", new long[] {0, MS_MANDLOCK}),
      Map.entry("nomand", new long[] {1, MS_MANDLOCK}),
      Map.entry("atime", new long[] {1, MS_NOATIME}),
      Map.entry("noatime", new long[] {0, MS_NOATIME}),
      Map.entry("diratime", new long[] {1, MS_NODIRATIME}),
      Map.entry("nodiratime", new long[] {0, MS_NODIRATIME}),
      Map.entry("bind", new long[] {0, Mounts.MS_BIND}),
      Map.entry("rbind", new long[] {0, Mounts.MS_BIND | Mounts.MS_REC}),
      Map.entry("relatime", new long[] {0, MS_RELATIME}),
      Map.entry("norelatime", new long[] {1, MS_RELATIME}),
      Map.entry("strictatime", new long[] {0, MS_STRICTATIME}),
      Map.entry("nostrictatime", new long[] {1, MS_STRICTATIME}));

  static LocalMountOptions parse(String o) {
    long flags = 0;
    var data = new ArrayList<String>();
    if (o != null) {
      for (var word : o.split(",")) {
        if (word.isEmpty()) {
          continue;
        }
        var known = WORDS.get(word);
        if (known == null) {
          data.add(word);
        } else if (known[0] == 1) {
          flags &= ~known[1];
        } else {
          flags |= known[1];
        }
      }
    }
    return new LocalMountOptions(flags, String.join(",", data));
  }

  boolean bind() {
    return (flags & Mounts.MS_BIND) != 0;
  }
}
