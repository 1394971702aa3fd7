package dev.berth.engine.volume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** moby {@code MergeTmpfsOptions}: later words win; a flag drops its opposite; key=value replaces the key. */
final class TmpfsOptions {
  private static final Map<String, String> OPPOSITE = Map.of(
      "exec", "noexec", "noexec", "exec", "suid", "nosuid", "nosuid", "suid", "dev", "nodev", "nodev", "dev",
      "ro", "rw", "rw", "ro", "atime", "noatime", "noatime", "atime");

  private TmpfsOptions() {}

  /** The OCI options of a tmpfs mount: dockerd's defaults, then the user's {@code data}. */
  static List<String> forSpec(String data) {
    var words = new ArrayList<>(List.of("noexec", "nosuid", "nodev", "rprivate"));
    if (data != null && !data.isEmpty()) {
      words.addAll(List.of(data.split(",")));
    }
    return merge(words);
  }

  static List<String> merge(List<String> words) {
    var out = new ArrayList<String>();
    for (var w : words) {
      if (w.isEmpty()) {
        continue;
      }
      int eq = w.indexOf('=');
      if (eq > 0) {
        var key = w.substring(0, eq + 1);
        out.removeIf(o -> o.startsWith(key));
      } else {
        out.remove(w);
        var opposite = OPPOSITE.get(w);
        if (opposite != null) {
          out.remove(opposite);
        }
      }
      out.add(w);
    }
    return out;
  }
}
