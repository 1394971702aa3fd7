package dev.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * openat2(2) (Linux ≥ 5.6) for paths a container controls: with {@link #RESOLVE_IN_ROOT} the
 * kernel resolves {@code ..} and every symlink as if the directory fd were {@code /}, atomically,
 * so a container that swaps a folder for a symlink to {@code /} mid-copy never makes the daemon
 * reach the host (the CVE-2018-15664 class). The fds returned are usually {@code O_PATH}
 * directories; {@link #procPath} names one so that {@code java.nio.file} can list it or act on one
 * child without following it. Callers close every fd they get. Stateless and thread-safe.
 */
public final class Openat2 {
  public static final int O_RDONLY = 0;
  public static final int O_DIRECTORY = 0x10000;
  public static final int O_NOFOLLOW = 0x20000;
  public static final int O_CLOEXEC = 0x80000;
  public static final int O_PATH = 0x200000;

  public static final long RESOLVE_NO_XDEV = 0x01;
  public static final long RESOLVE_NO_MAGICLINKS = 0x02;
  public static final long RESOLVE_NO_SYMLINKS = 0x04;
  public static final long RESOLVE_BENEATH = 0x08;
  public static final long RESOLVE_IN_ROOT = 0x10;

  private static final int AT_FDCWD = -100;
  private static final long SYS_OPENAT2 = 437; // x86_64 and aarch64 alike
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  /** {@code long syscall(long number, ...)} with (dirfd, path, how, size). */
  private static final MethodHandle SYSCALL = LINKER.downcallHandle(
      LINKER.defaultLookup().find("syscall").orElseThrow(),
      FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG),
      Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(1));

  private static final long SYS_FCHMODAT2 = 452;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  /** {@code long syscall(long number, ...)} with (dirfd, path, mode, flags). */
  private static final MethodHandle CHMOD = LINKER.downcallHandle(
      LINKER.defaultLookup().find("syscall").orElseThrow(),
      FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT),
      Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(1));

  private Openat2() {}

  /**
   * openat2(2): {@code path} relative to {@code dirFd} with {@code flags} (O_CLOEXEC is added) and
   * {@code resolve} (RESOLVE_* bits). Retries EINTR and the EAGAIN a concurrent rename can cause.
   */
  public static int open(int dirFd, String path, int flags, long resolve) throws ErrnoException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      var how = arena.allocate(JAVA_LONG, 3);
      how.setAtIndex(JAVA_LONG, 0, (flags | O_CLOEXEC) & 0xffffffffL);
      how.setAtIndex(JAVA_LONG, 1, 0);
      how.setAtIndex(JAVA_LONG, 2, resolve);
      var name = arena.allocateFrom(path.isEmpty() ? "." : path);
      for (int attempt = 0; ; attempt++) {
        long fd = (long) SYSCALL.invokeExact(st, SYS_OPENAT2, dirFd, name, how, 24L);
        if (fd >= 0) return (int) fd;
        int errno = (int) ERRNO.get(st, 0L);
        if ((errno == EINTR || errno == EAGAIN) && attempt < 100) continue;
        throw new ErrnoException("openat2 " + path, errno, Native.describe(errno));
      }
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("openat2 " + path, t);
    }
  }

  /**
   * fchmodat2(2) with AT_SYMLINK_NOFOLLOW (Linux ≥ 6.6): changes the mode of {@code name} in
   * {@code dirFd} itself, never of what a symlink put there meanwhile points to.
   */
  public static void chmodNoFollow(int dirFd, String name, int mode) throws ErrnoException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      long r = (long) CHMOD.invokeExact(st, SYS_FCHMODAT2, dirFd, arena.allocateFrom(name), (long) (mode & 07777),
          AT_SYMLINK_NOFOLLOW);
      if (r < 0) {
        int errno = (int) ERRNO.get(st, 0L);
        throw new ErrnoException("fchmodat2 " + name, errno, Native.describe(errno));
      }
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("fchmodat2 " + name, t);
    }
  }

  /** An {@code O_PATH} fd of a directory the daemon trusts (a layer, a volume, a bind source). */
  public static int openDirectory(Path dir) throws ErrnoException {
    return open(AT_FDCWD, dir.toString(), O_PATH | O_DIRECTORY, 0);
  }

  /** close(2); errors are not actionable. */
  public static void close(int fd) {
    Native.close(fd);
  }

  /** {@code /proc/self/fd/<fd>}: the file the fd pins, whatever is renamed meanwhile. */
  public static Path procPath(int fd) {
    return Path.of("/proc/self/fd/" + fd);
  }
}
