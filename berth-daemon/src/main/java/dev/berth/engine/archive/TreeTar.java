package dev.berth.engine.archive;

import dev.berth.os.FileCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a directory tree as a tar stream, in name order like moby's {@code archive.TarWithOptions}:
 * modes, owners, mtimes, symlinks, hard links (the second name of an inode is a link entry),
 * devices and FIFOs; sockets are left out. Every folder is entered through a {@link DirFd}, never
 * by a path, so a tree that changes while it is read (a running container) cannot lead outside.
 *
 * <p>With {@link Options#overlayWhiteouts()} an overlayfs upper dir becomes a layer diff: a 0/0
 * char device becomes {@code .wh.<name>} and an opaque folder gets a {@code .wh..wh..opq} entry.
 * {@link Options#skip()} leaves out a relative name and everything below it; a folder that held
 * only skipped entries is left out as well (moby keeps the init layer's mount points out of a
 * container's diff the same way). One instance writes one stream; not thread-safe.
 */
public final class TreeTar implements AutoCloseable {
  /**
   * @param overlayWhiteouts convert overlayfs whiteouts to the tar form
   * @param skip relative names (no leading or trailing slash) to leave out with their subtrees
   */
  public record Options(boolean overlayWhiteouts, Predicate<String> skip) {
    public static final Options PLAIN = new Options(false, name -> false);
  }

  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFIFO = 0010000;
  private static final String ATTRS = "unix:mode,uid,gid,size,lastModifiedTime,rdev,ino,dev,nlink";

  private final TarArchiveOutputStream out;
  private final Options options;
  private final Map<String, String> inodes = new HashMap<>();
  /** Folder headers not written yet: written before their first child, dropped if all children were skipped. */
  private final Deque<TarArchiveEntry> pending = new ArrayDeque<>();

  public TreeTar(OutputStream sink, Options options) {
    this.out = new TarArchiveOutputStream(new java.io.BufferedOutputStream(sink, 1 << 16), 512, StandardCharsets.UTF_8.name());
    out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    this.options = options;
  }

  /** Writes every entry below {@code dir} (not {@code dir} itself), named {@code prefix + relative name}. */
  public void writeChildren(DirFd dir, String prefix) throws IOException {
    children(dir, prefix, "");
  }

  /** Writes {@code name}, a child of {@code parent}, as {@code tarName} (and its subtree when a folder). */
  public void writeEntry(DirFd parent, String name, String tarName) throws IOException {
    entry(parent, name, tarName, "");
  }

  /** Writes a folder entry for {@code dir} itself, named {@code tarName}, then its subtree. */
  public void writeDir(DirFd dir, String tarName) throws IOException {
    var attrs = Files.readAttributes(dir.path(), ATTRS);
    var header = header(tarName.endsWith("/") ? tarName : tarName + "/", TarConstants.LF_DIR, attrs);
    write(header);
    children(dir, header.getName(), "");
  }

  /** Ends the archive (the two zero blocks); the sink stays open. */
  public void finish() throws IOException {
    out.finish();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private boolean children(DirFd dir, String prefix, String rel) throws IOException {
    List<String> names = new ArrayList<>();
    try (var list = Files.newDirectoryStream(dir.path())) {
      for (var p : list) names.add(p.getFileName().toString());
    }
    names.sort(null);
    boolean wrote = false;
    boolean skipped = false;
    for (var name : names) {
      var childRel = rel.isEmpty() ? name : rel + "/" + name;
      if (options.skip().test(childRel)) {
        skipped = true;
        continue;
      }
      if (entry(dir, name, prefix + name, childRel)) wrote = true;
      else skipped = true;
    }
    return wrote || !skipped;
  }

  /** Returns whether anything was written (or kept pending for a folder that may still be written). */
  private boolean entry(DirFd parent, String name, String tarName, String rel) throws IOException {
    var path = parent.path(name);
    Map<String, Object> attrs;
    try {
      attrs = Files.readAttributes(path, ATTRS, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException gone) {
      return false; // removed meanwhile (a running container)
    }
    int mode = (Integer) attrs.get("mode");
    switch (mode & S_IFMT) {
      case S_IFDIR -> {
        return directory(parent, name, tarName, rel, attrs);
      }
      case S_IFREG -> regular(parent, name, tarName, attrs);
      case S_IFLNK -> {
        var e = header(tarName, TarConstants.LF_SYMLINK, attrs);
        e.setLinkName(Files.readSymbolicLink(path).toString());
        write(e);
      }
      case S_IFCHR, S_IFBLK -> {
        long rdev = ((Number) attrs.get("rdev")).longValue();
        if (options.overlayWhiteouts() && (mode & S_IFMT) == S_IFCHR && rdev == 0) {
          int slash = tarName.lastIndexOf('/');
          var e = header(tarName.substring(0, slash + 1) + ".wh." + tarName.substring(slash + 1), TarConstants.LF_NORMAL, attrs);
          e.setMode(0600);
          write(e);
          return true;
        }
        var e = header(tarName, (mode & S_IFMT) == S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK, attrs);
        e.setDevMajor((int) (((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL)));
        e.setDevMinor((int) ((rdev & 0xff) | ((rdev >> 12) & ~0xffL)));
        write(e);
      }
      case S_IFIFO -> write(header(tarName, TarConstants.LF_FIFO, attrs));
      default -> {
        return false; // sockets: moby leaves them out
      }
    }
    return true;
  }

  private boolean directory(DirFd parent, String name, String tarName, String rel, Map<String, Object> attrs) throws IOException {
    var header = header(tarName + "/", TarConstants.LF_DIR, attrs);
    pending.addLast(header);
    boolean kept;
    try (var dir = parent.child(name)) {
      kept = children(dir, header.getName(), rel);
      if (options.overlayWhiteouts() && opaque(parent, name)) {
        var opq = header(header.getName() + ".wh..wh..opq", TarConstants.LF_NORMAL, attrs);
        opq.setMode(header.getMode() & 0777);
        write(opq);
        kept = true;
      }
    } catch (dev.berth.os.ErrnoException e) {
      if (e.errno() != dev.berth.os.ErrnoException.ENOENT && e.errno() != dev.berth.os.ErrnoException.ELOOP
          && e.errno() != dev.berth.os.ErrnoException.ENOTDIR) throw e;
      kept = true; // replaced meanwhile: keep the folder entry alone
    }
    if (pending.peekLast() == header) {
      pending.removeLast();
      if (!kept) return false;
      write(header);
    }
    return true;
  }

  private static boolean opaque(DirFd parent, String name) throws IOException {
    var value = FileCalls.getXattr(parent.path(name), "trusted.overlay.opaque");
    return value.isPresent() && value.get().length == 1 && value.get()[0] == 'y';
  }

  private void regular(DirFd parent, String name, String tarName, Map<String, Object> attrs) throws IOException {
    int links = ((Number) attrs.get("nlink")).intValue();
    if (links > 1) {
      var key = attrs.get("dev") + ":" + attrs.get("ino");
      var first = inodes.putIfAbsent(key, tarName);
      if (first != null) {
        var e = header(tarName, TarConstants.LF_LINK, attrs);
        e.setLinkName(first);
        write(e);
        return;
      }
    }
    long size = ((Number) attrs.get("size")).longValue();
    var e = header(tarName, TarConstants.LF_NORMAL, attrs);
    e.setSize(size);
    InputStream in;
    try {
      in = parent.openFile(name);
    } catch (java.io.IOException gone) {
      return; // replaced or removed meanwhile
    }
    try (in) {
      writeOpen(e);
      copyExactly(in, size);
      out.closeArchiveEntry();
    }
  }

  /** A file that shrank meanwhile is padded with zeros and one that grew is cut: the header's size rules. */
  private void copyExactly(InputStream in, long size) throws IOException {
    var buf = new byte[1 << 16];
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) break;
      out.write(buf, 0, n);
      left -= n;
    }
    java.util.Arrays.fill(buf, (byte) 0);
    while (left > 0) {
      int n = (int) Math.min(buf.length, left);
      out.write(buf, 0, n);
      left -= n;
    }
  }

  /** Writes an entry without content (after the folders still pending). */
  private void write(TarArchiveEntry e) throws IOException {
    writeOpen(e);
    out.closeArchiveEntry();
  }

  /** Writes a header and leaves the entry open for its content. */
  private void writeOpen(TarArchiveEntry e) throws IOException {
    while (!pending.isEmpty()) {
      out.putArchiveEntry(pending.removeFirst());
      out.closeArchiveEntry();
    }
    out.putArchiveEntry(e);
  }

  private static TarArchiveEntry header(String name, byte type, Map<String, Object> attrs) {
    var e = new TarArchiveEntry(name, type);
    e.setMode(((Integer) attrs.get("mode")) & 07777);
    e.setUserId(((Number) attrs.get("uid")).longValue());
    e.setGroupId(((Number) attrs.get("gid")).longValue());
    e.setModTime((FileTime) attrs.get("lastModifiedTime"));
    e.setSize(0);
    return e;
  }
}
