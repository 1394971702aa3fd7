package dev.berth.os;

import java.io.IOException;

/**
 * A failed syscall. The message is {@code what: text (errno N)}, e.g.
 * {@code mount /x: No such file or directory (errno 2)}; {@link #errno()} lets callers branch.
 */
public final class ErrnoException extends IOException {
  public static final int ENOENT = 2;
  public static final int ESRCH = 3;
  public static final int EPERM = 1;
  public static final int EBUSY = 16;
  public static final int EINVAL = 22;
  public static final int ENXIO = 6;
  public static final int EPIPE = 32;
  public static final int ENAMETOOLONG = 36;
  public static final int EEXIST = 17;
  public static final int EXDEV = 18;
  public static final int ENOTDIR = 20;
  public static final int EISDIR = 21;
  public static final int EROFS = 30;
  public static final int ENOTEMPTY = 39;
  public static final int ELOOP = 40;

  private final int errno;
  private final String text;

  ErrnoException(String what, int errno, String text) {
    super(what + ": " + text);
    this.errno = errno;
    this.text = text;
  }

  public int errno() {
    return errno;
  }

  /** The error alone, without the operation: {@code No such file or directory (errno 2)}. */
  public String text() {
    return text;
  }
}
