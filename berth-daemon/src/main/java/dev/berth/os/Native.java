package dev.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;

/**
 * The libc bindings (FFM). Every call captures errno; failures become {@link ErrnoException}.
 * Blocking calls (read, poll, connect) pin a virtual thread's carrier: callers run them on platform
 * threads or with short poll timeouts. Stateless and thread-safe (the handles are immutable).
 */
final class Native {
  static final int O_RDONLY = 0;
  static final int O_WRONLY = 1;
  static final int O_NONBLOCK = 0x800;
  static final int O_DIRECTORY = 0x10000;
  static final int O_CLOEXEC = 0x80000;
  static final int O_PATH = 0x200000;
  static final short POLLIN = 0x1;
  static final short POLLERR = 0x8;
  static final short POLLHUP = 0x10;
  static final int EINTR = 4;
  static final int EAGAIN = 11;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  private static final MethodHandle MOUNT =
      handle("mount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
  private static final MethodHandle UMOUNT2 =
      handle("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle MKNOD_FIFO =
      handle("mkfifo", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle OPEN =
      handle("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
  private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle SIGNAL = handle("signal", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
  private static final MethodHandle READ =
      handle("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle WRITE =
      handle("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle POLL =
      handle("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle SOCKET =
      handle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle CONNECT =
      handle("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle SHUTDOWN =
      handle("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle KILL = handle("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle SETNS = handle("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle FSOPEN = handle("fsopen", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle FSCONFIG =
      handle("fsconfig", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
  private static final MethodHandle FSMOUNT =
      handle("fsmount", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle MOVE_MOUNT =
      handle("move_mount", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle STRERROR =
      LINKER.downcallHandle(
          LINKER.defaultLookup().find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));

  private Native() {}

  private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... extra) {
    var options = new Linker.Option[extra.length + 1];
    options[0] = Linker.Option.captureCallState("errno");
    System.arraycopy(extra, 0, options, 1, extra.length);
    var symbol = LINKER.defaultLookup().find(name).orElseThrow(() -> new LinkageError("no libc symbol " + name));
    return LINKER.downcallHandle(symbol, fd, options);
  }

  /** strerror(3) plus the number: {@code No such file or directory (errno 2)}. */
  static String describe(int errno) {
    try {
      var text = ((MemorySegment) STRERROR.invokeExact(errno)).reinterpret(512).getString(0);
      return text + " (errno " + errno + ")";
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }

  private static ErrnoException fail(String what, MemorySegment state) {
    int errno = (int) ERRNO.get(state, 0L);
    return new ErrnoException(what, errno, describe(errno));
  }

  private static MemorySegment cstring(Arena arena, String s) {
    return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) return r;
    if (t instanceof Error e) throw e;
    return new IllegalStateException(t);
  }

  static void mount(String source, String target, String fstype, long flags, String data) throws ErrnoException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      MemorySegment src = cstring(arena, source);
      MemorySegment dst = cstring(arena, target);
      MemorySegment type = cstring(arena, fstype);
      MemorySegment opts = cstring(arena, data);
      int r = (int) MOUNT.invokeExact(st, src, dst, type, flags, opts);
      if (r != 0) throw fail("mount " + target, st);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private static final int FSOPEN_CLOEXEC = 1;
  private static final int FSCONFIG_SET_STRING = 1;
  private static final int FSCONFIG_CMD_CREATE = 6;
  private static final int FSMOUNT_CLOEXEC = 1;
  private static final int AT_FDCWD = -100;
  private static final int MOVE_MOUNT_F_EMPTY_PATH = 4;

  /**
   * Mounts a filesystem through the new mount API (fsopen, fsconfig, fsmount, move_mount): each
   * option is its own fsconfig call, so there is no one-page limit on the option string.
   *
   * @param options key/value string options in order (a key may repeat, e.g. {@code lowerdir+})
   */
  static void mountNewApi(String fstype, List<Map.Entry<String, String>> options, String target)
      throws ErrnoException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      int fs = (int) FSOPEN.invokeExact(st, arena.allocateFrom(fstype), FSOPEN_CLOEXEC);
      if (fs < 0) throw fail("fsopen " + fstype, st);
      try {
        for (var o : options) {
          int r = (int) FSCONFIG.invokeExact(st, fs, FSCONFIG_SET_STRING, arena.allocateFrom(o.getKey()),
              arena.allocateFrom(o.getValue()), 0);
          if (r != 0) throw fail("fsconfig " + o.getKey() + "=" + o.getValue(), st);
        }
        MemorySegment none = MemorySegment.NULL;
        int r = (int) FSCONFIG.invokeExact(st, fs, FSCONFIG_CMD_CREATE, none, none, 0);
        if (r != 0) throw fail("fsconfig create " + fstype + " for " + target, st);
        int mnt = (int) FSMOUNT.invokeExact(st, fs, FSMOUNT_CLOEXEC, 0);
        if (mnt < 0) throw fail("fsmount " + target, st);
        try {
          int m = (int) MOVE_MOUNT.invokeExact(st, mnt, arena.allocateFrom(""), AT_FDCWD, arena.allocateFrom(target),
              MOVE_MOUNT_F_EMPTY_PATH);
          if (m != 0) throw fail("move_mount " + target, st);
        } finally {
          close(mnt);
        }
      } finally {
        close(fs);
      }
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static void umount2(String target, int flags) throws ErrnoException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      int r = (int) UMOUNT2.invokeExact(st, arena.allocateFrom(target), flags);
      if (r != 0) throw fail("unmount " + target, st);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static void mkfifo(String path, int mode) throws ErrnoException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      int r = (int) MKNOD_FIFO.invokeExact(st, arena.allocateFrom(path), mode);
      if (r != 0) throw fail("mkfifo " + path, st);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int open(String path, int flags) throws ErrnoException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      int fd = (int) OPEN.invokeExact(st, arena.allocateFrom(path), flags | O_CLOEXEC, 0);
      if (fd < 0) throw fail("open " + path, st);
      return fd;
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** setns(2): moves the calling OS thread into the namespace {@code fd} refers to. */
  static void setns(int fd, int nstype) throws ErrnoException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      int r = (int) SETNS.invokeExact(st, fd, nstype);
      if (r != 0) throw fail("setns", st);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static void close(int fd) {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      int ignored = (int) CLOSE.invokeExact(st, fd); // close errors are not actionable (fd is gone)
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** signal(2) with SIG_DFL: the signal's default action again (undoes an inherited SIG_IGN). */
  static void defaultSignalAction(int signal) {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      var previous = (MemorySegment) SIGNAL.invokeExact(st, signal, MemorySegment.NULL);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** One read(2); returns 0 at EOF, -1 for EAGAIN; retries EINTR. */
  static int read(int fd, byte[] buffer, int offset, int length) throws ErrnoException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      var buf = arena.allocate(Math.max(1, length));
      while (true) {
        long n = (long) READ.invokeExact(st, fd, buf, (long) length);
        if (n >= 0) {
          MemorySegment.copy(buf, JAVA_BYTE, 0, buffer, offset, (int) n);
          return (int) n;
        }
        int errno = (int) ERRNO.get(st, 0L);
        if (errno == EINTR) continue;
        if (errno == EAGAIN) return -1;
        throw fail("read", st);
      }
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Writes all bytes (retrying partial writes and EINTR). */
  static void write(int fd, byte[] data, int offset, int length) throws ErrnoException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      var buf = arena.allocate(Math.max(1, length));
      MemorySegment.copy(data, offset, buf, JAVA_BYTE, 0, length);
      long done = 0;
      while (done < length) {
        long n = (long) WRITE.invokeExact(st, fd, buf.asSlice(done), (long) length - done);
        if (n < 0) {
          if ((int) ERRNO.get(st, 0L) == EINTR) continue;
          throw fail("write", st);
        }
        done += n;
      }
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** poll(2) on one fd; returns revents, 0 on timeout. */
  static short poll(int fd, short events, int timeoutMillis) throws ErrnoException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      var pfd = arena.allocate(8, 4);
      pfd.set(JAVA_INT, 0, fd);
      pfd.set(JAVA_SHORT, 4, events);
      int r = (int) POLL.invokeExact(st, pfd, 1L, timeoutMillis);
      if (r < 0) {
        if ((int) ERRNO.get(st, 0L) == EINTR) return 0;
        throw fail("poll", st);
      }
      return r == 0 ? 0 : pfd.get(JAVA_SHORT, 6);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int socket(int domain, int type, int protocol) throws ErrnoException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      int fd = (int) SOCKET.invokeExact(st, domain, type, protocol);
      if (fd < 0) throw fail("socket", st);
      return fd;
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** connect(2) to an AF_UNIX path (at most 107 bytes). */
  static void connectUnix(int fd, String path) throws ErrnoException {
    byte[] bytes = path.getBytes(UTF_8);
    if (bytes.length > 107) throw new ErrnoException("connect " + path, 36, describe(36));
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      var addr = arena.allocate(110, 2);
      addr.set(JAVA_SHORT, 0, (short) 1); // AF_UNIX
      MemorySegment.copy(bytes, 0, addr, JAVA_BYTE, 2, bytes.length);
      int r = (int) CONNECT.invokeExact(st, fd, addr, 2 + bytes.length + 1);
      if (r != 0) throw fail("connect " + path, st);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static void shutdown(int fd, int how) throws ErrnoException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      int r = (int) SHUTDOWN.invokeExact(st, fd, how);
      if (r != 0) throw fail("shutdown", st);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static void kill(int pid, int signal) throws ErrnoException {
    try (var arena = Arena.ofConfined()) {
      var st = arena.allocate(CAPTURE);
      int r = (int) KILL.invokeExact(st, pid, signal);
      if (r != 0) throw fail("kill " + pid, st);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }
}
