package dev.berth.engine.archive;

import dev.berth.model.Rfc3339;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.attribute.FileTime;

/**
 * Docker's {@code container.PathStat}, sent base64-encoded in {@code X-Docker-Container-Path-Stat}.
 *
 * @param mode a Go {@code os.FileMode}: permission bits plus Go's type and special bits
 * @param mtime RFC 3339 with nanoseconds, trailing zeros dropped (Go's {@code time.Time} JSON)
 * @param linkTarget the symlink's target fully resolved inside the container, "" otherwise
 */
public record PathStat(
    @JsonProperty("name") String name,
    @JsonProperty("size") long size,
    @JsonProperty("mode") long mode,
    @JsonProperty("mtime") String mtime,
    @JsonProperty("linkTarget") String linkTarget) {
  private static final long MODE_DIR = 1L << 31;
  private static final long MODE_SYMLINK = 1L << 27;
  private static final long MODE_DEVICE = 1L << 26;
  private static final long MODE_NAMED_PIPE = 1L << 25;
  private static final long MODE_SOCKET = 1L << 24;
  private static final long MODE_SETUID = 1L << 23;
  private static final long MODE_SETGID = 1L << 22;
  private static final long MODE_CHAR_DEVICE = 1L << 21;
  private static final long MODE_STICKY = 1L << 20;

  static PathStat of(String name, long size, int unixMode, FileTime mtime, String linkTarget) {
    return new PathStat(name, size, goMode(unixMode), goTime(mtime), linkTarget);
  }

  /** Go's {@code os.FileMode} for a stat(2) {@code st_mode} (moby's {@code fillFileStatFromSys}). */
  static long goMode(int unix) {
    long m = unix & 0777;
    switch (unix & 0170000) {
      case 0040000 -> m |= MODE_DIR;
      case 0120000 -> m |= MODE_SYMLINK;
      case 0010000 -> m |= MODE_NAMED_PIPE;
      case 0140000 -> m |= MODE_SOCKET;
      case 0060000 -> m |= MODE_DEVICE;
      case 0020000 -> m |= MODE_DEVICE | MODE_CHAR_DEVICE;
      default -> { }
    }
    if ((unix & 04000) != 0) m |= MODE_SETUID;
    if ((unix & 02000) != 0) m |= MODE_SETGID;
    if ((unix & 01000) != 0) m |= MODE_STICKY;
    return m;
  }

  static String goTime(FileTime t) {
    return Rfc3339.format(t.toInstant());
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isDir() {
    return (mode & MODE_DIR) != 0;
  }
}
