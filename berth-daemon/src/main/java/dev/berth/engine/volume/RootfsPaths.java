package dev.berth.engine.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Resolves a container path inside a mounted rootfs the way the container would see it: symlinks
 * are followed with the rootfs as {@code /}, and {@code ..} never climbs above it (like
 * filepath-securejoin). The result is always lexically inside the rootfs.
 */
final class RootfsPaths {
  private static final int MAX_LINKS = 255;

  private RootfsPaths() {}

  static Path resolve(Path rootfs, String containerPath) throws IOException {
    var pending = new ArrayDeque<String>(parts(containerPath));
    var resolved = new ArrayDeque<String>();
    int links = 0;
    while (!pending.isEmpty()) {
      var part = pending.pollFirst();
      if (part.equals("..")) {
        resolved.pollLast();
        continue;
      }
      var candidate = join(rootfs, resolved).resolve(part);
      if (Files.isSymbolicLink(candidate)) {
        if (++links > MAX_LINKS) {
          throw new IOException("too many levels of symbolic links: " + containerPath);
        }
        var target = Files.readSymbolicLink(candidate).toString();
        if (target.startsWith("/")) {
          resolved.clear();
        }
        var targetParts = parts(target);
        for (int i = targetParts.size() - 1; i >= 0; i--) {
          pending.addFirst(targetParts.get(i));
        }
        continue;
      }
      resolved.addLast(part);
      if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        // The rest does not exist: nothing more to follow.
        resolved.addAll(pending.stream().filter(p -> !p.equals("..")).toList());
        break;
      }
    }
    return join(rootfs, resolved);
  }

  private static java.util.List<String> parts(String p) {
    return Arrays.stream(p.split("/")).filter(s -> !s.isEmpty() && !s.equals(".")).toList();
  }

  private static Path join(Path rootfs, ArrayDeque<String> parts) {
    var out = rootfs;
    for (var p : parts) {
      out = out.resolve(p);
    }
    return out;
  }
}
