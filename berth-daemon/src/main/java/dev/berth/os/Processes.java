package dev.berth.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Signals and {@code /proc} facts about host processes. Stateless. */
public final class Processes {
  private Processes() {}

  /** kill(2). */
  /**
   * Gives {@code signal} its default action back, so a handler can be installed for it even when
   * the process was started with it ignored ({@code nohup} ignores SIGHUP; the JVM then refuses to
   * handle it, where Go's signal.Notify, and so dockerd, takes it over).
   */
  public static void restoreDefaultAction(int signal) {
    Native.defaultSignalAction(signal);
  }

  public static void kill(int pid, int signal) throws ErrnoException {
    if (pid <= 0) throw new IllegalArgumentException("refusing to signal pid " + pid);
    Native.kill(pid, signal);
  }

  /** kill(2) of a process group: every process of the group led by {@code pgid}. */
  public static void killGroup(int pgid, int signal) throws ErrnoException {
    if (pgid <= 1) throw new IllegalArgumentException("refusing to signal process group " + pgid);
    Native.kill(-pgid, signal);
  }

  /** Whether a process with this pid exists (signal 0; EPERM still means it exists). */
  public static boolean exists(int pid) {
    if (pid <= 0) return false;
    try {
      Native.kill(pid, 0);
      return true;
    } catch (ErrnoException e) {
      return e.errno() == ErrnoException.EPERM;
    }
  }

  /** The process's {@code /proc/<pid>/comm} (its short command name), if it exists. */
  public static Optional<String> command(int pid) {
    try {
      return Optional.of(Files.readString(Path.of("/proc", Integer.toString(pid), "comm")).strip());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
