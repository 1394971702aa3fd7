package dev.berth.runtime;

import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The OCI runtime port: one monitored container per id. Implemented by the conmon + runc adapter.
 * Nothing here lives only in memory: after a daemon restart every method works on containers
 * created by an earlier daemon (state is found again from the exec root). Thread-safe.
 */
public interface RuntimeService {
  /**
   * Writes the bundle from {@code request.spec()}, starts the monitor and has it create the
   * container (not yet started).
   *
   * @return the container init's host pid
   * @throws dev.berth.engine.error.SystemError with the runtime's message when create fails
   */
  int create(CreateRequest request);

  /** Starts a created container. */
  void start(String id);

  /** Sends {@code signal} to the container's init (or all its processes). */
  void kill(String id, int signal);

  /**
   * Forgets the container: kills what still runs of it (processes, monitor), then removes its
   * runtime state, monitor files and cgroup. Idempotent; works from whatever part of the state is
   * left (as after a crash in the middle of create).
   */
  void delete(String id);

  /**
   * The ids of every container this runtime holds any state of under its own roots (earlier
   * daemons' containers included), for the start-up scan that {@link #delete}s the ones no
   * container record names. Never lists another daemon's containers.
   */
  default java.util.List<String> ids() {
    return java.util.List.of();
  }

  /** The exit code once the container has exited, from the monitor's exit file. */
  OptionalInt exitCode(String id);

  /**
   * Whether the kernel OOM-killed the container (the monitor recorded it). Only meaningful once
   * {@link #exitCode} is present.
   */
  default boolean oomKilled(String id) {
    return false;
  }

  /** Whether the container's monitor is still alive (false after exit or host reboot). */
  boolean monitorAlive(String id);

  /** Connects to the container's stdio. The caller closes the returned streams. */
  ContainerIo attach(String id);

  /** Freezes every process of the container (cgroup freezer, {@code runc pause}). */
  default void pause(String id) {
    throw new dev.berth.engine.error.NotImplemented("pause is not supported by this runtime");
  }

  /** Thaws a paused container ({@code runc resume}). */
  default void resume(String id) {
    throw new dev.berth.engine.error.NotImplemented("unpause is not supported by this runtime");
  }

  /**
   * Makes the monitor reopen the container's log file by its path (log rotation: the daemon renamed
   * the file first). Throws when the monitor is gone.
   */
  default void reopenLog(String id) {
    throw new dev.berth.engine.error.NotImplemented("log rotation is not supported by this runtime");
  }

  /**
   * Applies new resource limits to a running container ({@code runc update}). {@code requested}
   * holds only what {@code docker update} asked to change (zero or null = unchanged), as dockerd
   * hands it to containerd.
   *
   * @throws dev.berth.engine.error.SystemError with the runtime's message when it refuses
   */
  default void update(String id, dev.berth.model.HostConfig requested) {
    throw new dev.berth.engine.error.NotImplemented("update is not supported by this runtime");
  }

  /** One reading of the container's cgroup counters; empty when it has no cgroup (not running). */
  default java.util.Optional<CgroupSample> stats(String id) {
    return java.util.Optional.empty();
  }

  /** Resizes the container's pty. */
  void resize(String id, int height, int width);

  /**
   * Registers the listener told (with the id) when a container exits. Called once per exit on a
   * thread of the adapter's; must not block for long.
   */
  void onExit(Consumer<String> listener);
}
