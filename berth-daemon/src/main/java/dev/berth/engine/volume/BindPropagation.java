package dev.berth.engine.volume;

import dev.berth.engine.error.SystemError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * moby's {@code ensureShared}/{@code ensureSharedOrSlave} (daemon/oci_linux.go): a bind asking for
 * shared propagation needs its source on a shared mount, one asking for slave propagation on a shared
 * or slave mount; otherwise the container would silently get a private mount.
 */
final class BindPropagation {
  private final Path mountinfo;

  BindPropagation(Path mountinfo) {
    this.mountinfo = mountinfo;
  }

  static BindPropagation host() {
    return new BindPropagation(Path.of("/proc/self/mountinfo"));
  }

  /** @throws SystemError with dockerd's text when {@code source}'s mount cannot give {@code propagation} */
  void check(String source, String propagation) {
    boolean wantsShared = propagation.equals("shared") || propagation.equals("rshared");
    boolean wantsSlave = propagation.equals("slave") || propagation.equals("rslave");
    if (!wantsShared && !wantsSlave) {
      return;
    }
    var mount = sourceMount(source);
    boolean shared = mount.optional().contains("shared:");
    boolean slave = mount.optional().contains("master:");
    if (wantsShared && !shared) {
      throw new SystemError("path " + source + " is mounted on " + mount.point() + " but it is not a shared mount");
    }
    if (wantsSlave && !shared && !slave) {
      throw new SystemError("path " + source + " is mounted on " + mount.point()
          + " but it is not a shared or slave mount");
    }
  }

  record Mount(String point, String optional) {}

  /** The mount {@code source} lives on: the longest mount point that is a prefix of its real path. */
  Mount sourceMount(String source) {
    String path;
    try {
      path = Path.of(source).toRealPath().toString();
    } catch (IOException e) {
      path = source;
    }
    Mount best = new Mount("/", "");
    List<String> lines;
    try {
      lines = Files.readAllLines(mountinfo);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (var line : lines) {
      var fields = line.split(" ");
      int dash = List.of(fields).indexOf("-");
      if (fields.length < 7 || dash < 6) {
        continue;
      }
      var point = fields[4].replace("\\040", " ");
      boolean under = path.equals(point) || point.equals("/") || path.startsWith(point + "/");
      if (under && point.length() >= best.point().length()) {
        best = new Mount(point, String.join(" ", List.of(fields).subList(6, dash)));
      }
    }
    return best;
  }
}
