package dev.berth.engine.build;

import dev.berth.content.ContentStore;
import dev.berth.content.Digest;
import dev.berth.engine.error.SystemError;
import dev.berth.os.FileCalls;
import dev.berth.snapshot.Layer;
import dev.berth.snapshot.LayerStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Turns an overlay upper dir (a build step's changes) into a layer: a Docker layer tar (overlay
 * whiteouts back to {@code .wh.} files, opaque dirs to {@code .wh..wh..opq}, hard links kept),
 * stored in the content store (so save and push find it) and unpacked into the layer store. The
 * daemon's mount points (moby's init layer) and folders only copied up for them are left out.
 */
final class LayerMaker {
  private static final Set<String> INIT_FILES = Set.of(".dockerenv", "etc/hostname", "etc/hosts", "etc/resolv.conf",
      "etc/mtab", "dev/console");
  private static final Set<String> INIT_TREES = Set.of("dev", "proc", "sys");

  private final ContentStore content;
  private final LayerStore layers;
  private final Path tmp;

  LayerMaker(ContentStore content, LayerStore layers, Path tmp) {
    this.content = content;
    this.layers = layers;
    this.tmp = tmp;
  }

  /** The layer of {@code upper}'s changes over {@code lowers} on top of {@code parent}; null when nothing changed. */
  Layer fromUpper(Path upper, List<Path> lowers, Digest parent) {
    var file = tmp.resolve("layer-" + UUID.randomUUID() + ".tar");
    try {
      Files.createDirectories(tmp);
      int entries;
      try (var out = new TarArchiveOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        entries = new Walk(out, upper, lowers).dir(upper, "");
        out.finish();
      }
      if (entries == 0) {
        return null;
      }
      Digest blob;
      try (var in = Files.newInputStream(file)) {
        blob = content.write(in, null);
      }
      try (var in = content.open(blob)) {
        return layers.apply(parent, in, null, blob);
      }
    } catch (IOException e) {
      throw new SystemError("failed to commit the build step: " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover temp file goes with the build's temp folder
      }
    }
  }

  private static final class Walk {
    private final TarArchiveOutputStream out;
    private final Path upper;
    private final List<Path> lowers;
    private final Map<Object, String> inodes = new HashMap<>();

    Walk(TarArchiveOutputStream out, Path upper, List<Path> lowers) {
      this.out = out;
      this.upper = upper;
      this.lowers = lowers;
    }

    /** Writes what changed below {@code dir}; returns how many entries were written. */
    int dir(Path dir, String rel) throws IOException {
      List<Path> children;
      try (var list = Files.list(dir)) {
        children = list.sorted().toList();
      }
      int written = 0;
      for (var child : children) {
        var name = rel.isEmpty() ? child.getFileName().toString() : rel + "/" + child.getFileName();
        if (INIT_FILES.contains(name) || INIT_TREES.contains(name)) {
          continue;
        }
        written += entry(child, name);
      }
      return written;
    }

    private int entry(Path p, String name) throws IOException {
      var a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime,rdev,ino,dev,nlink", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode");
      int type = mode & 0170000;
      if (type == FileCalls.S_IFCHR && ((Number) a.get("rdev")).longValue() == 0) {
        int slash = name.lastIndexOf('/');
        var wh = new TarArchiveEntry((slash < 0 ? "" : name.substring(0, slash + 1)) + ".wh." + name.substring(slash + 1));
        put(wh, a, 0);
        out.closeArchiveEntry();
        return 1;
      }
      if (type == 0040000) {
        boolean opaque = FileCalls.getXattr(p, "trusted.overlay.opaque").map(v -> v.length > 0 && v[0] == 'y').orElse(false);
        var lower = inLower(name);
        // write the children first into a buffer count: a folder copied up only for its children's sake still needs its entry
        var e = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
        boolean changedItself = lower == null || opaque || !sameMeta(lower, a);
        if (!changedItself && !hasChanges(p, name)) {
          return 0;
        }
        put(e, a, 0);
        out.closeArchiveEntry();
        int n = 1;
        if (opaque) {
          var o = new TarArchiveEntry(name + "/.wh..wh..opq");
          put(o, a, 0);
          out.closeArchiveEntry();
          n++;
        }
        return n + dir(p, name);
      }
      if (type == 0120000) {
        var e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(Files.readSymbolicLink(p).toString());
        put(e, a, 0);
        out.closeArchiveEntry();
        return 1;
      }
      if (type == 0100000) {
        var key = List.of(a.get("dev"), a.get("ino"));
        if (((Number) a.get("nlink")).intValue() > 1) {
          var first = inodes.putIfAbsent(key, name);
          if (first != null) {
            var e = new TarArchiveEntry(name, TarConstants.LF_LINK);
            e.setLinkName(first);
            put(e, a, 0);
            out.closeArchiveEntry();
            return 1;
          }
        }
        var e = new TarArchiveEntry(name);
        long size = ((Number) a.get("size")).longValue();
        put(e, a, size);
        Files.copy(p, out);
        out.closeArchiveEntry();
        return 1;
      }
      return 0; // fifos, sockets and devices made by a RUN step are not kept (as runc leaves none worth keeping)
    }

    /** Whether anything below the folder {@code p} is a change (used for folders that only were copied up). */
    private boolean hasChanges(Path p, String name) throws IOException {
      try (var list = Files.list(p)) {
        for (var child : (Iterable<Path>) list::iterator) {
          var childName = name + "/" + child.getFileName();
          if (INIT_FILES.contains(childName) || INIT_TREES.contains(childName)) {
            continue;
          }
          if (!Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
            return true;
          }
          var lower = inLower(childName);
          var a = Files.readAttributes(child, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
          if (lower == null || !sameMeta(lower, a) || hasChanges(child, childName)) {
            return true;
          }
        }
      }
      return false;
    }

    private Path inLower(String name) {
      for (var l : lowers) {
        var p = l.resolve(name);
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          return p;
        }
      }
      return null;
    }

    private static boolean sameMeta(Path lower, Map<String, Object> a) throws IOException {
      var b = Files.readAttributes(lower, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
      return a.get("mode").equals(b.get("mode")) && a.get("uid").equals(b.get("uid")) && a.get("gid").equals(b.get("gid"));
    }

    private void put(TarArchiveEntry e, Map<String, Object> a, long size) throws IOException {
      e.setMode((Integer) a.get("mode") & 07777);
      e.setUserId(((Number) a.get("uid")).longValue());
      e.setGroupId(((Number) a.get("gid")).longValue());
      e.setModTime(((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis());
      e.setSize(size);
      out.putArchiveEntry(e);
    }
  }
}
