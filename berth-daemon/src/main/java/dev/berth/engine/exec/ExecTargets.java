package dev.berth.engine.exec;

import java.util.Map;
import java.util.function.ObjLongConsumer;

/** What exec needs from the containers: finding one, and its events. Implemented by the wiring. */
public interface ExecTargets {
  /** A container's state as exec sees it. */
  record Target(String id, boolean running, boolean paused, boolean restarting) {}

  /** @throws dev.berth.engine.error.NotFound {@code No such container: <ref>} */
  Target find(String ref);

  /** Emits a container event ({@code exec_create: …}, {@code exec_die} …) with these extra attributes. */
  void event(String containerId, String action, Map<String, String> attributes);

  /**
   * Calls {@code listener} with the container's id and the time (epoch nanos) each time a container
   * stops ({@code die}), on a thread of its own; call once.
   */
  void onStop(ObjLongConsumer<String> listener);
}
