package dev.berth.engine.build;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.os.FileCalls;
import dev.berth.snapshot.Decompression;
import dev.berth.snapshot.InRoot;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies COPY/ADD sources into a mounted root with dockerd's semantics ({@code copier.go}): a
 * folder's contents go into the destination, a file goes into a destination folder (named with a
 * trailing {@code /} or existing as a folder) or becomes the destination; missing parents are made
 * 0755 and owned by the {@code --chown} identity; copied files keep their mode and times, take the
 * identity and {@code --chmod}; ADD unpacks local tar archives. Paths resolve inside the root.
 */
final class Copier {
  private final Path root;
  private final Chown owner;
  private final Integer chmod;

  Copier(Path root, Chown owner, Integer chmod) {
    this.root = root;
    this.owner = owner;
    this.chmod = chmod;
  }

  void copy(List<CopySource> sources, String dest, boolean add, String command) throws IOException {
    boolean destDir = dest.endsWith("/") || dest.endsWith("/.") || dest.equals(".");
    if (sources.size() > 1 && !destDir) {
      throw new InvalidArgument("When using " + command + " with more than one source file, the destination must be a directory and end with a /");
    }
    var target = resolve(dest);
    for (var src : sources) {
      if (src.isDirectory()) {
        mkdirs(target);
        copyTree(src.path(), target);
      } else if (add && !src.remote() && isArchive(src.path())) {
        mkdirs(target);
        try (var in = Decompression.open(new BufferedInputStream(Files.newInputStream(src.path())))) {
          BuildContext.untar(in, target, true);
        }
      } else {
        var file = destDir || Files.isDirectory(target) ? target.resolve(src.name()) : target;
        mkdirs(file.getParent());
        copyOne(src.path(), file, src.remote());
      }
    }
  }

  private Path resolve(String dest) throws IOException {
    return InRoot.resolve(root, InRoot.clean(dest), true);
  }

  /** mkdir -p inside the root; new folders are 0755 and owned by the identity. */
  private void mkdirs(Path dir) throws IOException {
    var missing = new ArrayList<Path>();
    for (var p = dir; p != null && !p.equals(root) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
      missing.add(p);
    }
    for (var p : missing.reversed()) {
      Files.createDirectory(p);
      FileCalls.chmod(p, 0755);
      FileCalls.lchown(p, owner.uid(), owner.gid());
    }
  }

  private void copyTree(Path from, Path to) throws IOException {
    List<Path> children;
    try (var list = Files.list(from)) {
      children = list.sorted().toList();
    }
    for (var child : children) {
      var dst = to.resolve(child.getFileName().toString());
      if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        if (!Files.isDirectory(dst, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(dst);
          Files.createDirectory(dst);
        }
        copyTree(child, dst);
        var mode = (Integer) Files.getAttribute(child, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        FileCalls.chmod(dst, chmod != null ? chmod : mode & 07777);
        FileCalls.lchown(dst, owner.uid(), owner.gid());
        Files.setLastModifiedTime(dst, Files.getLastModifiedTime(child, LinkOption.NOFOLLOW_LINKS));
      } else {
        copyOne(child, dst, false);
      }
    }
  }

  private void copyOne(Path from, Path to, boolean remote) throws IOException {
    if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidArgument("cannot copy to non-directory: " + to.getFileName());
    }
    Files.deleteIfExists(to);
    if (Files.isSymbolicLink(from)) {
      Files.createSymbolicLink(to, Files.readSymbolicLink(from));
      FileCalls.lchown(to, owner.uid(), owner.gid());
      return;
    }
    if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
      return; // devices, fifos and sockets are not copied
    }
    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    FileCalls.lchown(to, owner.uid(), owner.gid());
    var mode = (Integer) Files.getAttribute(from, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    FileCalls.chmod(to, chmod != null ? chmod : remote ? 0600 : mode);
  }

  /** A tar, maybe gzip/bzip2/xz/zstd-compressed (dockerd's IsArchivePath). */
  static boolean isArchive(Path p) {
    try (var in = Decompression.open(new BufferedInputStream(Files.newInputStream(p)))) {
      var header = in.readNBytes(512);
      return header.length == 512 && new String(header, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar");
    } catch (IOException e) {
      return false;
    }
  }

  static Integer parseChmod(String flag) {
    if (flag == null || flag.isEmpty()) {
      return null;
    }
    if (!flag.matches("[0-7]{1,4}")) {
      throw new InvalidArgument("invalid chmod parameter: " + flag);
    }
    return Integer.parseInt(flag, 8);
  }
}
