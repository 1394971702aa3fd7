package dev.berth.engine.archive;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.SystemError;
import dev.berth.os.FileCalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a (maybe compressed) tar into a folder of a container's root as moby's {@code
 * archive.Untar} does inside the container's root: names are cleaned and may not climb out of the
 * destination, folders on the way follow the container's symlinks (inside its root), an existing
 * entry is replaced unless both are folders ({@code noOverwriteDirNonDir} refuses a folder/file
 * swap), owners come from the headers (or {@code chown}), then modes and times. Every file is
 * made and changed through its pinned parent folder without following a final symlink, so the
 * container cannot redirect a write onto the host. One instance per extraction.
 */
final class TarExtract {
  private record DirTime(List<String> dir, String name, TarArchiveEntry entry) {}

  private final DirFd root;
  private final List<String> dest;
  private final boolean noOverwriteDirNonDir;
  private final long[] chown;
  private final List<DirTime> dirTimes = new ArrayList<>();

  /** @param dest the resolved destination folder's components @param chown {uid, gid} for every entry, or null */
  TarExtract(DirFd root, List<String> dest, boolean noOverwriteDirNonDir, long[] chown) {
    this.root = root;
    this.dest = dest;
    this.noOverwriteDirNonDir = noOverwriteDirNonDir;
    this.chown = chown;
  }

  void extract(InputStream body) throws IOException {
    var tar = new TarArchiveInputStream(dev.berth.snapshot.Decompression.open(body), StandardCharsets.UTF_8.name());
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      apply(e, tar);
    }
    for (var dt : dirTimes.reversed()) {
      try (var dir = root.resolve(rel(dt.dir()))) {
        times(dir, dt.name(), dt.entry());
      } catch (IOException ignored) {
        // gone meanwhile
      }
    }
  }

  private void apply(TarArchiveEntry e, InputStream data) throws IOException {
    var parts = relative(e.getName());
    if (parts.isEmpty()) return; // "." : the destination itself
    var base = parts.getLast();
    var parentWanted = new ArrayList<>(dest);
    parentWanted.addAll(parts.subList(0, parts.size() - 1));
    var parentParts = ContainerPaths.resolve(root, ContainerPaths.join(parentWanted), true);
    mkdirs(parentParts);
    var shown = ContainerPaths.join(parentParts) + "/" + base;
    try (var parent = root.resolve(rel(parentParts))) {
      var path = parent.path(base);
      var existing = lstat(path);
      if (existing != null) {
        if (noOverwriteDirNonDir && existing.isDirectory() && !e.isDirectory()) {
          throw new SystemError("cannot overwrite directory \"" + shown + "\" with non-directory \"" + ContainerPaths.join(dest) + "\"");
        }
        if (noOverwriteDirNonDir && !existing.isDirectory() && e.isDirectory()) {
          throw new SystemError("cannot overwrite non-directory \"" + shown + "\" with directory \"" + ContainerPaths.join(dest) + "\"");
        }
        if (!(existing.isDirectory() && e.isDirectory())) deleteTree(parent, base);
      }
      create(parent, parentParts, base, e, data, existing != null && existing.isDirectory());
    }
  }

  private void create(DirFd parent, List<String> parentParts, String base, TarArchiveEntry e, InputStream data,
      boolean dirExists) throws IOException {
    var path = parent.path(base);
    if (e.isDirectory()) {
      if (!dirExists) Files.createDirectory(path);
    } else if (e.isSymbolicLink()) {
      var link = e.getLinkName();
      var within = new ArrayList<>(parentParts);
      if (!link.startsWith("/") && climbs(within, link)) {
        throw new SystemError("invalid symlink \"" + ContainerPaths.join(parentParts) + "/" + base + "\" -> \"" + link + "\"");
      }
      Files.createSymbolicLink(path, Path.of(link));
    } else if (e.isLink()) {
      var target = relative(e.getLinkName());
      if (target.isEmpty()) throw new SystemError("invalid hardlink \"" + e.getName() + "\" -> \"" + e.getLinkName() + "\"");
      var targetDir = new ArrayList<>(dest);
      targetDir.addAll(target.subList(0, target.size() - 1));
      try (var tdir = root.resolve(rel(ContainerPaths.resolve(root, ContainerPaths.join(targetDir), true)))) {
        Files.createLink(path, tdir.path(target.getLast()));
      }
      return;
    } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      int type = e.isFIFO() ? FileCalls.S_IFIFO : e.isCharacterDevice() ? FileCalls.S_IFCHR : FileCalls.S_IFBLK;
      FileCalls.mknod(path, type, e.getMode(), e.getDevMajor(), e.getDevMinor());
    } else if (e.isFile()) {
      try (var out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        data.transferTo(out);
      }
    } else {
      return; // other types (sockets, GNU extensions): moby skips them too
    }
    if (chown != null) FileCalls.lchown(path, (int) chown[0], (int) chown[1]);
    else FileCalls.lchown(path, (int) e.getLongUserId(), (int) e.getLongGroupId());
    if (!e.isSymbolicLink()) parent.chmod(base, e.getMode());
    if (e.isDirectory()) dirTimes.add(new DirTime(parentParts, base, e));
    else times(parent, base, e);
  }

  private static void times(DirFd parent, String name, TarArchiveEntry e) throws IOException {
    var m = e.getLastModifiedTime().toInstant();
    var a = e.getLastAccessTime() == null ? m : e.getLastAccessTime().toInstant();
    FileCalls.setTimes(parent.path(name), a.getEpochSecond(), a.getNano(), m.getEpochSecond(), m.getNano());
  }

  /** The entry name's components under the destination; moby's breakout error when it climbs out. */
  private List<String> relative(String name) {
    var out = new ArrayList<String>();
    for (var part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) continue;
      if (part.equals("..")) {
        if (out.isEmpty()) {
          throw new InvalidArgument("\"" + name + "\" is outside of \"" + ContainerPaths.join(dest) + "\"");
        }
        out.removeLast();
        continue;
      }
      out.add(part);
    }
    return out;
  }

  /** Whether a relative link target climbs above the destination (moby checks it lexically). */
  private boolean climbs(List<String> from, String link) {
    var at = new ArrayList<>(from);
    for (var part : link.split("/")) {
      if (part.isEmpty() || part.equals(".")) continue;
      if (part.equals("..")) {
        if (at.size() <= dest.size()) return true;
        at.removeLast();
      } else {
        at.add(part);
      }
    }
    return false;
  }

  /** Creates missing folders of {@code parts} (0755, owned by root) inside the root. */
  private void mkdirs(List<String> parts) throws IOException {
    for (int i = 1; i <= parts.size(); i++) {
      var sofar = parts.subList(0, i);
      try (var parent = root.resolve(rel(parts.subList(0, i - 1)))) {
        var p = parent.path(sofar.getLast());
        if (lstat(p) == null) {
          Files.createDirectory(p);
          parent.chmod(sofar.getLast(), 0755);
        }
      }
    }
  }

  private static String rel(List<String> parts) {
    return parts.isEmpty() ? "." : String.join("/", parts);
  }

  static BasicFileAttributes lstat(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return null;
    }
  }

  /** Deletes child {@code name} of {@code parent} and everything below it, through pinned folders only. */
  static void deleteTree(DirFd parent, String name) throws IOException {
    var attrs = lstat(parent.path(name));
    if (attrs == null) return;
    if (attrs.isDirectory()) {
      try (var dir = parent.child(name); var list = Files.newDirectoryStream(dir.path())) {
        for (var c : list) deleteTree(dir, c.getFileName().toString());
      }
    }
    Files.delete(parent.path(name));
  }
}
