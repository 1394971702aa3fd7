package dev.berth.runtime;

import java.time.Duration;
import java.util.OptionalInt;

/** A process started by {@link ExecRuntime}. Thread-safe. */
public interface ExecProcess {
  /** The host pid of the process. */
  int pid();

  /** Its stdio (null when started without attaching). The caller closes it. */
  ContainerIo io();

  /** Blocks up to {@code timeout} for the exit code (recorded by the monitor). */
  OptionalInt awaitExit(Duration timeout);

  /**
   * Sends {@code signal} to the process and the processes of its group (runc makes every exec'd
   * process a session and group leader, so a shell's children go too). Nothing once it has exited.
   */
  void kill(int signal);

  /** Resizes its pty (a no-op without one). */
  void resize(int height, int width);

  /** Removes the monitor's files once the exit code has been read. */
  void release();
}
