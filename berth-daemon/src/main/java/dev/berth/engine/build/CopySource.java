package dev.berth.engine.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One COPY/ADD source after wildcards and URLs were resolved.
 *
 * @param path the file or folder on the host (in the context, a mounted stage, or a download)
 * @param name the base name it gets in a destination folder
 * @param remote fetched from a URL (never auto-extracted; mode 0600 unless --chmod)
 */
record CopySource(Path path, String name, boolean remote) {
  boolean isDirectory() {
    return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * A checksum of the contents and metadata (names, modes, owners, link targets, not times) below
   * {@code path}: what the build cache keys COPY and ADD on.
   */
  String checksum() {
    try {
      var md = MessageDigest.getInstance("SHA-256");
      List<Path> all;
      try (var walk = Files.walk(path)) {
        all = walk.sorted().toList();
      }
      for (var p : all) {
        var rel = path.relativize(p).toString();
        var a = Files.readAttributes(p, "unix:mode,uid,gid,size", LinkOption.NOFOLLOW_LINKS);
        md.update((rel + "\0" + a.get("mode") + "\0" + a.get("uid") + "\0" + a.get("gid") + "\0").getBytes());
        if (Files.isSymbolicLink(p)) {
          md.update(Files.readSymbolicLink(p).toString().getBytes());
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          try (InputStream in = Files.newInputStream(p)) {
            var buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
              md.update(buf, 0, n);
            }
          }
        }
        md.update((byte) '\n');
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
