package dev.berth.snapshot;

import dev.berth.content.Digest;
import dev.berth.os.FileCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks one layer tar (gzip, zstd, bzip2 or plain) into a folder, confined to it: names are
 * cleaned ({@code ..} stops at the root), every folder on the way is resolved inside the root
 * ({@link InRoot}), relative symlinks and hardlinks that climb out are refused, and the final
 * component is never followed. Docker whiteouts become overlayfs whiteouts ({@code .wh.x} → char
 * device 0/0, {@code .wh..wh..opq} → {@code trusted.overlay.opaque=y}). Modes, owners, times and
 * xattrs are kept. Meant for a fresh private folder; not thread-safe per folder.
 */
public final class LayerUnpacker {
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";
  private static final String XATTR = "SCHILY.xattr.";

  /**
   * @param diffId sha256 of the uncompressed tar; null when it was plain and not hashed here
   * @param size bytes of files and symlink targets (dockerd's du-like layer size)
   * @param tarSize uncompressed tar length
   */
  record Result(Digest diffId, long size, long tarSize) {}

  private record DirTime(Path dir, TarArchiveEntry entry) {}

  private final Path root;
  private final List<DirTime> dirTimes = new ArrayList<>();
  /** Folders resolved and known to exist, by cleaned name; cleared whenever anything is deleted. */
  private final Map<String, Path> dirs = new HashMap<>();
  private long size;

  private LayerUnpacker(Path root) {
    this.root = root;
  }

  static Result unpack(InputStream layer, Path root) throws IOException {
    return unpack(layer, root, true);
  }

  /**
   * Unpacks {@code layer} (read to its end) into {@code root}.
   *
   * @param hashPlain false when the caller hashes the raw bytes itself: a plain (uncompressed) tar
   *     is then not hashed twice and the result's diff id is null (it is the raw bytes' digest)
   */
  static Result unpack(InputStream layer, Path root, boolean hashPlain) throws IOException {
    var raw = Decompression.buffered(layer);
    var md = hashPlain || !Decompression.isPlain(raw) ? Digest.sha256() : null;
    var counted = new TappedInputStream(Decompression.open(raw), md == null ? (b, off, len) -> {} : md::update);
    var unpacker = new LayerUnpacker(root);
    var tar = new TarArchiveInputStream(counted, StandardCharsets.UTF_8.name());
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      unpacker.apply(entry, tar);
    }
    counted.transferTo(OutputStream.nullOutputStream());
    for (var dt : unpacker.dirTimes.reversed()) {
      unpacker.setTimes(dt.dir(), dt.entry());
    }
    return new Result(md == null ? null : Digest.from(md), unpacker.size, counted.count());
  }

  private void apply(TarArchiveEntry e, InputStream data) throws IOException {
    var parts = InRoot.clean(e.getName());
    if (parts.isEmpty()) {
      if (e.isDirectory()) {
        metadata(root, e);
      }
      return;
    }
    var base = parts.getLast();
    var dirParts = parts.subList(0, parts.size() - 1);
    if (base.startsWith(WHITEOUT)) {
      whiteout(e, dirParts, base);
      return;
    }
    var dir = dir(dirParts);
    var path = dir.resolve(base);
    var existing = lstat(path);
    if (existing != null && !(existing.isDirectory() && e.isDirectory())) {
      delete(path);
    }
    if (e.isDirectory()) {
      if (existing == null || !existing.isDirectory()) {
        Files.createDirectory(path);
      }
      dirs.put(String.join("/", parts), path);
    } else if (e.isSymbolicLink()) {
      // Any target is kept as written (moby applies layers chrooted, so "../../d" is fine there):
      // the unpacker never follows a symlink except through InRoot, which stops ".." at the root.
      Files.createSymbolicLink(path, Path.of(e.getLinkName()));
      size += e.getLinkName().getBytes(StandardCharsets.UTF_8).length;
    } else if (e.isLink()) {
      hardlink(e, path);
      return;
    } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      int type = e.isFIFO() ? FileCalls.S_IFIFO : e.isCharacterDevice() ? FileCalls.S_IFCHR : FileCalls.S_IFBLK;
      FileCalls.mknod(path, type, e.getMode(), e.getDevMajor(), e.getDevMinor());
    } else if (e.isFile()) {
      Files.copy(data, path);
      size += e.getSize();
    } else {
      return;
    }
    metadata(path, e);
  }

  private void hardlink(TarArchiveEntry e, Path path) throws IOException {
    var link = e.getLinkName();
    if (InRoot.escapes(List.of(), link.replaceFirst("^/+", ""))) {
      throw new IOException("invalid hardlink \"" + e.getName() + "\" -> \"" + link + "\"");
    }
    var target = InRoot.resolve(root, InRoot.clean(link), false);
    var attrs = lstat(target);
    if (attrs == null || attrs.isDirectory()) {
      throw new IOException("invalid hardlink \"" + e.getName() + "\" -> \"" + link + "\": no such file");
    }
    Files.createLink(path, target);
  }

  private void whiteout(TarArchiveEntry e, List<String> dirParts, String base) throws IOException {
    var dir = dir(dirParts);
    if (base.equals(OPAQUE)) {
      FileCalls.setXattr(dir, "trusted.overlay.opaque", new byte[] {'y'});
      return;
    }
    if (base.startsWith(WHITEOUT + WHITEOUT)) {
      return; // aufs metadata (.wh..wh.plnk, .wh..wh.aufs): not content
    }
    var name = base.substring(WHITEOUT.length());
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new IOException("invalid whiteout " + e.getName());
    }
    var path = dir.resolve(name);
    if (lstat(path) != null) {
      delete(path);
    }
    FileCalls.mknod(path, FileCalls.S_IFCHR, 0, 0, 0);
    FileCalls.lchown(path, (int) e.getLongUserId(), (int) e.getLongGroupId());
  }

  /** Resolves (inside the root) and creates a folder, remembering it for the next entries. */
  private Path dir(List<String> parts) throws IOException {
    var key = String.join("/", parts);
    var dir = dirs.get(key);
    if (dir == null) {
      dir = InRoot.resolve(root, parts, true);
      Files.createDirectories(dir);
      dirs.put(key, dir);
    }
    return dir;
  }

  private void delete(Path path) throws IOException {
    dirs.clear();
    deleteTree(path);
  }

  private void metadata(Path path, TarArchiveEntry e) throws IOException {
    FileCalls.lchown(path, (int) e.getLongUserId(), (int) e.getLongGroupId());
    for (var h : e.getExtraPaxHeaders().entrySet()) {
      if (h.getKey().startsWith(XATTR)) {
        try {
          FileCalls.setXattr(path, h.getKey().substring(XATTR.length()), h.getValue().getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
          // dockerd applies xattrs best-effort too (ENOTSUP, EPERM on this file system)
        }
      }
    }
    if (!e.isSymbolicLink()) {
      FileCalls.chmod(path, e.getMode());
    }
    if (e.isDirectory()) {
      dirTimes.add(new DirTime(path, e));
    } else {
      setTimes(path, e);
    }
  }

  private void setTimes(Path path, TarArchiveEntry e) throws IOException {
    var m = e.getLastModifiedTime().toInstant();
    var a = e.getLastAccessTime() == null ? m : e.getLastAccessTime().toInstant();
    FileCalls.setTimes(path, a.getEpochSecond(), a.getNano(), m.getEpochSecond(), m.getNano());
  }

  static BasicFileAttributes lstat(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return null;
    }
  }

  /** Deletes a file or folder tree without following any symlink. */
  public static void deleteTree(Path p) throws IOException {
    var attrs = lstat(p);
    if (attrs == null) {
      return;
    }
    if (attrs.isDirectory()) {
      try (var children = Files.list(p)) {
        for (var c : (Iterable<Path>) children::iterator) {
          deleteTree(c);
        }
      }
    }
    Files.delete(p);
  }
}
