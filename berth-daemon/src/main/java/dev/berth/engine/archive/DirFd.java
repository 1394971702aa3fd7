package dev.berth.engine.archive;

import dev.berth.os.ErrnoException;
import dev.berth.os.Openat2;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A directory pinned by an {@code O_PATH} fd. Everything below it is reached through the fd
 * ({@link #child}, {@link #resolve}) or as one child of it ({@link #path(String)}, which
 * {@code java.nio.file} acts on without following a final symlink), so nothing a container does to
 * its files meanwhile can lead outside. Owned by whoever opened it; not thread-safe.
 */
public final class DirFd implements AutoCloseable {
  private static final long IN_ROOT = Openat2.RESOLVE_IN_ROOT | Openat2.RESOLVE_NO_MAGICLINKS;
  private static final long ONE_LEVEL = Openat2.RESOLVE_BENEATH | Openat2.RESOLVE_NO_SYMLINKS | Openat2.RESOLVE_NO_MAGICLINKS;

  private static final int O_NONBLOCK = 0x800;

  private final int fd;
  private boolean closed;

  private DirFd(int fd) {
    this.fd = fd;
  }

  /** Opens a directory the daemon trusts (a layer, a mounted rootfs, a volume, a bind source). */
  public static DirFd open(Path trusted) throws IOException {
    return new DirFd(Openat2.openDirectory(trusted));
  }

  /**
   * The directory at {@code relative}, resolved as if this directory were {@code /} ({@code ..}
   * stops here, absolute symlinks restart here). ENOENT/ENOTDIR come as {@link ErrnoException}.
   */
  public DirFd resolve(String relative) throws ErrnoException {
    return new DirFd(Openat2.open(fd, relative, Openat2.O_PATH | Openat2.O_DIRECTORY, IN_ROOT));
  }

  /** Like {@link #resolve} for any kind of file (an {@code O_PATH} fd; only {@link #path()} is usable). */
  public DirFd resolveAny(String relative) throws ErrnoException {
    return new DirFd(Openat2.open(fd, relative, Openat2.O_PATH, IN_ROOT));
  }

  /** The child directory {@code name} (one component); a symlink there is refused (ELOOP), not followed. */
  public DirFd child(String name) throws ErrnoException {
    return new DirFd(Openat2.open(fd, name, Openat2.O_PATH | Openat2.O_DIRECTORY | Openat2.O_NOFOLLOW, ONE_LEVEL));
  }

  /**
   * Opens the regular file {@code name} (one component) for reading. A symlink is refused, and a
   * FIFO or device put there meanwhile is refused too, never opened blocking.
   */
  public java.io.InputStream openFile(String name) throws IOException {
    int file = Openat2.open(fd, name, Openat2.O_RDONLY | Openat2.O_NOFOLLOW | O_NONBLOCK, ONE_LEVEL);
    try {
      var pinned = Openat2.procPath(file);
      if (!java.nio.file.Files.isRegularFile(pinned)) {
        throw new IOException(name + " is not a regular file");
      }
      return java.nio.file.Files.newInputStream(pinned);
    } finally {
      Openat2.close(file);
    }
  }

  /** Sets the mode bits of child {@code name} itself (a symlink put there is not followed). */
  public void chmod(String name, int mode) throws ErrnoException {
    path(name);
    Openat2.chmodNoFollow(fd, name, mode);
  }

  /** This directory, as a path that stays this directory even if it is renamed. */
  public Path path() {
    return Openat2.procPath(fd);
  }

  /** One child of this directory, for operations that do not follow a final symlink. */
  public Path path(String name) {
    if (name.isEmpty() || name.contains("/") || name.equals("..") || name.equals(".")) {
      throw new IllegalArgumentException("not a single path component: " + name);
    }
    return path().resolve(name);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Openat2.close(fd);
    }
  }
}
