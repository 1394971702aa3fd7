package dev.berth.engine.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A container's log file and its rotated predecessors, named as dockerd names them:
 * {@code <file>.1} (the newest) … {@code <file>.N}, each {@code .gz} once compressed. Every file is
 * conmon's k8s-file format. Renames and deletes only; the writer (conmon) is asked by the caller to
 * reopen {@link #current()} after {@link #shift}. Not thread-safe: one rotator per file.
 */
public record LogFiles(Path current) {
  static final String GZ = ".gz";

  /** The rotated files, oldest first (highest index first). */
  public List<Path> rotated() {
    var dir = current.toAbsolutePath().getParent();
    var out = new ArrayList<Path>();
    try (var entries = Files.list(dir)) {
      entries.filter(p -> index(p) > 0).forEach(out::add);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      return List.of();
    }
    // a plain file and its .gz (a crash between compressing and deleting) hold the same lines: keep one
    out.removeIf(p -> p.getFileName().toString().endsWith(GZ) && out.contains(plain(p)));
    out.sort(Comparator.comparingInt(this::index).reversed());
    return out;
  }

  /** 1 for {@code <file>.1} or {@code <file>.1.gz}, …; 0 for anything else. */
  int index(Path p) {
    var base = current.getFileName().toString() + ".";
    var name = p.getFileName().toString();
    if (!name.startsWith(base)) return 0;
    var rest = name.substring(base.length());
    if (rest.endsWith(GZ)) rest = rest.substring(0, rest.length() - GZ.length());
    if (rest.isEmpty() || rest.length() > 6 || !rest.chars().allMatch(Character::isDigit)) return 0;
    return Integer.parseInt(rest);
  }

  private static Path plain(Path gz) {
    var name = gz.getFileName().toString();
    return gz.resolveSibling(name.substring(0, name.length() - GZ.length()));
  }

  /**
   * dockerd's {@code rotate}: drops the files beyond {@code maxFiles}, moves {@code .i} to
   * {@code .i+1} and the current file to {@code .1}. With {@code maxFiles} 1 nothing is kept: the
   * writer's reopen replaces the current file with an empty one.
   */
  public void shift(int maxFiles) throws IOException {
    if (maxFiles < 2) return;
    for (var p : rotated()) {
      if (index(p) >= maxFiles - 1) Files.deleteIfExists(p);
    }
    for (int i = maxFiles - 2; i >= 1; i--) {
      for (var suffix : new String[] {"", GZ}) {
        var from = sibling(i, suffix);
        if (Files.exists(from)) Files.move(from, sibling(i + 1, suffix), StandardCopyOption.ATOMIC_MOVE);
      }
    }
    if (Files.exists(current)) Files.move(current, sibling(1, ""), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Gzips every rotated file not compressed yet (temp file, rename, then the plain one is deleted). */
  public void compressRotated() throws IOException {
    for (var p : rotated()) {
      var name = p.getFileName().toString();
      if (name.endsWith(GZ)) continue;
      var gz = p.resolveSibling(name + GZ);
      var tmp = p.resolveSibling(name + GZ + ".tmp");
      try (var in = Files.newInputStream(p); var out = new GZIPOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
        in.transferTo(out);
      }
      Files.move(tmp, gz, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(p);
    }
  }

  /** Opens a rotated file for reading, decompressing a {@code .gz} one. */
  static InputStream open(Path rotated) throws IOException {
    var in = Files.newInputStream(rotated);
    return rotated.getFileName().toString().endsWith(GZ) ? gunzip(in) : in;
  }

  /** {@code in}, decompressed; closes it when its gzip header is bad. */
  static InputStream gunzip(InputStream in) throws IOException {
    try {
      return new GZIPInputStream(in, 64 * 1024);
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  /** Deletes the current file and every rotated one. */
  public void deleteAll() throws IOException {
    for (var p : rotated()) Files.deleteIfExists(p);
    Files.deleteIfExists(current);
  }

  private Path sibling(int i, String suffix) {
    return current.resolveSibling(current.getFileName() + "." + i + suffix);
  }
}
