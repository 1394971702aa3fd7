package dev.berth.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Resolves a path inside a container's root filesystem the way the kernel would after chroot:
 * symlinks (absolute or relative, at any depth) and {@code ..} never leave {@code rootfs}. Used to
 * read the image's {@code /etc/passwd} and {@code /etc/group} without ever reading host files.
 * Not safe against a concurrently changing rootfs (only used before the container runs).
 */
public final class RootfsPaths {
  private static final int MAX_LINKS = 255;

  private RootfsPaths() {}

  /** The host path that {@code pathInRoot} denotes inside {@code rootfs}; it may not exist. */
  public static Path resolve(Path rootfs, String pathInRoot) throws IOException {
    var root = rootfs.toAbsolutePath().normalize();
    Deque<String> pending = new ArrayDeque<>();
    push(pending, pathInRoot);
    var current = new ArrayDeque<String>(); // resolved components below root
    int links = 0;
    while (!pending.isEmpty()) {
      var part = pending.pop();
      if (part.isEmpty() || part.equals(".")) continue;
      if (part.equals("..")) {
        current.pollLast(); // at the root, ".." stays at the root
        continue;
      }
      current.addLast(part);
      var candidate = join(root, current);
      if (Files.isSymbolicLink(candidate)) {
        if (++links > MAX_LINKS) throw new IOException("too many levels of symbolic links in " + pathInRoot);
        var target = Files.readSymbolicLink(candidate).toString();
        current.pollLast();
        if (target.startsWith("/")) current.clear();
        push(pending, target);
      }
    }
    return join(root, current);
  }

  /** The content of a regular file inside the rootfs, or empty when it is missing or not a file. */
  static Optional<String> read(Path rootfs, String pathInRoot) throws IOException {
    var p = resolve(rootfs, pathInRoot);
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
    return Optional.of(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  private static void push(Deque<String> pending, String path) {
    var parts = path.split("/");
    for (int i = parts.length - 1; i >= 0; i--) pending.push(parts[i]);
  }

  private static Path join(Path root, Iterable<String> parts) {
    var p = root;
    for (var part : parts) p = p.resolve(part);
    return p;
  }
}
