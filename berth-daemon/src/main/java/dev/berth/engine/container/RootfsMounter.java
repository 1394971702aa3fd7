package dev.berth.engine.container;

import dev.berth.snapshot.OverlayMount;
import java.nio.file.Path;

/** Applies a container's root filesystem mount and takes it down again. Thread-safe. */
public interface RootfsMounter {
  /** Mounts {@code mount} at its target (replacing a stale mount left there by a crash). */
  void mount(OverlayMount mount);

  /** Unmounts {@code target} if mounted. Idempotent. */
  void unmount(Path target);
}
