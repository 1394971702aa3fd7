package dev.berth.runtime;

import dev.berth.engine.error.SystemError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Resolves {@code user[:group]} against the rootfs's {@code /etc/passwd} and {@code /etc/group}
 * with runc's rules (libcontainer/user {@code GetExecUser}) and dockerd's additional gids (primary
 * gid first, then the user's supplementary groups, then {@code GroupAdd}).
 */
public final class UserResolver {
  /** The OCI process user. */
  public record User(long uid, long gid, List<Long> additionalGids) {
    public User {
      additionalGids = List.copyOf(additionalGids);
    }
  }

  private record PasswdEntry(String name, long uid, long gid) {}

  private record GroupEntry(String name, long gid, List<String> members) {}

  private static final long MAX_ID = (1L << 31) - 1;

  private UserResolver() {}

  public static User resolve(Path rootfs, String spec, List<String> groupAdd) {
    try {
      return resolveOrThrow(rootfs, spec == null ? "" : spec, groupAdd == null ? List.of() : groupAdd);
    } catch (IOException e) {
      throw new SystemError("unable to read the container's user database: " + e.getMessage(), e);
    }
  }

  private static User resolveOrThrow(Path rootfs, String spec, List<String> groupAdd) throws IOException {
    var passwd = RootfsPaths.read(rootfs, "/etc/passwd").map(UserResolver::parsePasswd).orElse(List.of());
    var groups = RootfsPaths.read(rootfs, "/etc/group").map(UserResolver::parseGroups).orElse(List.of());
    int colon = spec.indexOf(':');
    var userArg = colon < 0 ? spec : spec.substring(0, colon);
    var groupArg = colon < 0 ? "" : spec.substring(colon + 1);

    long uid = 0;
    long gid = 0;
    String matchedName = null;
    if (userArg.isEmpty()) {
      // runc's default: root, found by uid 0 so root's groups apply
      userArg = "0";
    }
    var numericUser = parseId(userArg);
    PasswdEntry found = null;
    for (var p : passwd) {
      if (p.name().equals(userArg) || (numericUser.isPresent() && p.uid() == numericUser.get())) {
        found = p;
        break;
      }
    }
    if (found != null) {
      uid = found.uid();
      gid = found.gid();
      matchedName = found.name();
    } else if (numericUser.isPresent()) {
      uid = numericUser.get();
    } else {
      throw new SystemError("unable to find user " + userArg + ": no matching entries in passwd file");
    }

    var sgids = new ArrayList<Long>();
    if (!groupArg.isEmpty()) {
      var numericGroup = parseId(groupArg);
      var group = groups.stream()
          .filter(g -> g.name().equals(groupArg) || (numericGroup.isPresent() && g.gid() == numericGroup.get()))
          .findFirst();
      if (group.isPresent()) {
        gid = group.get().gid();
      } else if (numericGroup.isPresent()) {
        gid = numericGroup.get();
      } else {
        throw new SystemError("unable to find group " + groupArg + ": no matching entries in group file");
      }
    } else if (matchedName != null) {
      for (var g : groups) if (g.members().contains(matchedName)) sgids.add(g.gid());
    }

    var additional = new LinkedHashSet<Long>();
    additional.add(gid);
    additional.addAll(sgids);
    for (var ag : groupAdd) additional.add(groupAddId(ag, groups));
    return new User(uid, gid, new ArrayList<>(additional));
  }

  private static long groupAddId(String ag, List<GroupEntry> groups) {
    for (var g : groups) if (g.name().equals(ag) || Long.toString(g.gid()).equals(ag)) return g.gid();
    return parseId(ag).orElseThrow(
        () -> new SystemError("Unable to find group " + ag + ": no matching entries in group file"));
  }

  private static Optional<Long> parseId(String s) {
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) return Optional.empty();
    long v = Long.parseLong(s);
    return v > MAX_ID ? Optional.empty() : Optional.of(v);
  }

  private static List<PasswdEntry> parsePasswd(String text) {
    var out = new ArrayList<PasswdEntry>();
    for (var line : text.split("\n")) {
      var f = line.strip().split(":", -1);
      if (line.isBlank() || line.startsWith("#") || f.length < 4) continue;
      var uid = parseId(f[2]);
      var gid = parseId(f[3]);
      if (uid.isPresent() && gid.isPresent()) out.add(new PasswdEntry(f[0], uid.get(), gid.get()));
    }
    return out;
  }

  private static List<GroupEntry> parseGroups(String text) {
    var out = new ArrayList<GroupEntry>();
    for (var line : text.split("\n")) {
      var f = line.strip().split(":", -1);
      if (line.isBlank() || line.startsWith("#") || f.length < 3) continue;
      var gid = parseId(f[2]);
      var members = f.length > 3 && !f[3].isEmpty() ? List.of(f[3].split(",")) : List.<String>of();
      if (gid.isPresent()) out.add(new GroupEntry(f[0], gid.get(), members));
    }
    return out;
  }
}
