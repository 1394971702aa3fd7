package dev.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * File syscalls Java lacks, for unpacking image layers: device nodes (overlayfs whiteouts are char
 * devices 0/0), extended attributes ({@code trusted.overlay.opaque}), ownership, full modes
 * (setuid, setgid, sticky) and timestamps — all without following a final symlink. Every call
 * takes a path the caller has already resolved inside its root; failures throw {@link IOException}
 * with the errno text. Stateless and thread-safe.
 */
public final class FileCalls {
  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final int ENODATA = 61;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  private static final MethodHandle MKNODAT =
      handle("mknodat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
  private static final MethodHandle LSETXATTR =
      handle("lsetxattr", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle LGETXATTR =
      handle("lgetxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
  private static final MethodHandle LCHOWN =
      handle("lchown", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
  private static final MethodHandle CHMOD =
      handle("chmod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle UTIMENSAT =
      handle("utimensat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
  private static final MethodHandle STRERROR =
      LINKER.downcallHandle(
          LINKER.defaultLookup().find("strerror").orElseThrow(),
          FunctionDescriptor.of(ADDRESS, JAVA_INT));

  /** File type bits for {@link #mknod}. */
  public static final int S_IFIFO = 0010000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFBLK = 0060000;

  private FileCalls() {}

  private static MethodHandle handle(String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(
        LINKER.defaultLookup().find(name).orElseThrow(), fd, Linker.Option.captureCallState("errno"));
  }

  /** mknod(2): {@code type} is one of the S_IF* constants; {@code mode} the permission bits. */
  public static void mknod(Path path, int type, int mode, int major, int minor) throws IOException {
    long dev = makedev(major, minor);
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      int r = (int) MKNODAT.invokeExact(st, AT_FDCWD, arena.allocateFrom(path.toString()), type | (mode & 07777), dev);
      check(r, st, "mknod", path);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("mknod " + path, t);
    }
  }

  /** lsetxattr(2) on the path itself (a symlink is not followed). */
  public static void setXattr(Path path, String name, byte[] value) throws IOException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      var buf = arena.allocate(Math.max(1, value.length));
      MemorySegment.copy(value, 0, buf, JAVA_BYTE, 0, value.length);
      int r = (int) LSETXATTR.invokeExact(st, arena.allocateFrom(path.toString()), arena.allocateFrom(name), buf, (long) value.length, 0);
      check(r, st, "lsetxattr " + name, path);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("lsetxattr " + path, t);
    }
  }

  /** lgetxattr(2): the value, or empty when the attribute is absent. */
  public static Optional<byte[]> getXattr(Path path, String name) throws IOException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      var buf = arena.allocate(65536);
      long n = (long) LGETXATTR.invokeExact(st, arena.allocateFrom(path.toString()), arena.allocateFrom(name), buf, 65536L);
      if (n < 0) {
        int errno = (int) ERRNO.get(st, 0L);
        if (errno == ENODATA) {
          return Optional.empty();
        }
        throw failure("lgetxattr " + name, path, errno);
      }
      return Optional.of(buf.asSlice(0, n).toArray(JAVA_BYTE));
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("lgetxattr " + path, t);
    }
  }

  /** lchown(2): changes the owner of the path itself, never a symlink's target. */
  public static void lchown(Path path, int uid, int gid) throws IOException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      int r = (int) LCHOWN.invokeExact(st, arena.allocateFrom(path.toString()), uid, gid);
      check(r, st, "lchown", path);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("lchown " + path, t);
    }
  }

  /** chmod(2) with all 12 mode bits (setuid, setgid, sticky included). Never call it on a symlink. */
  public static void chmod(Path path, int mode) throws IOException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      int r = (int) CHMOD.invokeExact(st, arena.allocateFrom(path.toString()), mode & 07777);
      check(r, st, "chmod", path);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("chmod " + path, t);
    }
  }

  /** utimensat(2) with AT_SYMLINK_NOFOLLOW: sets atime and mtime of the path itself. */
  public static void setTimes(Path path, long atimeSec, long atimeNano, long mtimeSec, long mtimeNano) throws IOException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      var times = arena.allocate(JAVA_LONG, 4);
      times.setAtIndex(JAVA_LONG, 0, atimeSec);
      times.setAtIndex(JAVA_LONG, 1, atimeNano);
      times.setAtIndex(JAVA_LONG, 2, mtimeSec);
      times.setAtIndex(JAVA_LONG, 3, mtimeNano);
      int r = (int) UTIMENSAT.invokeExact(st, AT_FDCWD, arena.allocateFrom(path.toString()), times, AT_SYMLINK_NOFOLLOW);
      check(r, st, "utimensat", path);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("utimensat " + path, t);
    }
  }

  /** glibc's makedev for the 32-bit major/minor encoding. */
  static long makedev(int major, int minor) {
    long ma = major & 0xffffffffL;
    long mi = minor & 0xffffffffL;
    return ((ma & 0x00000fffL) << 8) | ((ma & 0xfffff000L) << 32) | (mi & 0x000000ffL) | ((mi & 0xffffff00L) << 12);
  }

  private static void check(int r, MemorySegment st, String op, Path path) throws IOException {
    if (r != 0) {
      throw failure(op, path, (int) ERRNO.get(st, 0L));
    }
  }

  private static IOException failure(String op, Path path, int errno) {
    return new IOException(op + " " + path + ": " + strerror(errno) + " (errno " + errno + ")");
  }

  private static String strerror(int errno) {
    try {
      var p = (MemorySegment) STRERROR.invokeExact(errno);
      return p.reinterpret(256).getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }
}
