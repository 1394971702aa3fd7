package dev.berth.engine.build;

import dev.berth.engine.error.InvalidArgument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --chown=user[:group]} resolved as moby's {@code parseChownFlag}: numbers as they are, names
 * from the image's {@code /etc/passwd} and {@code /etc/group}; a lone user stands for the group too.
 */
record Chown(int uid, int gid) {
  static final Chown ROOT = new Chown(0, 0);

  static Chown parse(String spec, Path root) {
    if (spec == null || spec.isEmpty()) {
      return ROOT;
    }
    var parts = spec.split(":", 2);
    var user = parts[0];
    var group = parts.length > 1 ? parts[1] : parts[0];
    try {
      int uid = lookup(user, root.resolve("etc/passwd"), "uid for user", "no such user: ");
      int gid = lookup(group, root.resolve("etc/group"), "gid for group", "no such group: ");
      return new Chown(uid, gid);
    } catch (InvalidArgument e) {
      throw new InvalidArgument("unable to convert uid/gid chown string to host mapping: " + e.getMessage());
    }
  }

  private static int lookup(String name, Path file, String what, String missing) {
    if (name.matches("[0-9]+")) {
      return Integer.parseInt(name);
    }
    try {
      if (Files.isRegularFile(file)) {
        for (var line : Files.readAllLines(file)) {
          var f = line.split(":");
          if (f.length > 2 && f[0].equals(name)) {
            return Integer.parseInt(f[2]);
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      // an unreadable file has no such entry, as moby reports it
    }
    throw new InvalidArgument("can't find " + what + " " + name + ": " + missing + name);
  }
}
