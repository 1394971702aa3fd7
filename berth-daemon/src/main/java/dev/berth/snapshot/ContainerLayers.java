package dev.berth.snapshot;

import java.util.List;

/** A container's writable layer on top of its image's layers. Thread-safe. */
public interface ContainerLayers {
  /**
   * Creates (or finds, idempotently) the upper and work dirs for {@code containerId} over
   * {@code layers} (bottom first, as in {@link dev.berth.engine.image.LocalImage#layers()}) and
   * returns the mount to apply at its target. Mounts nothing.
   */
  OverlayMount prepare(String containerId, List<String> layers);

  /** Deletes the container's layer dirs; the caller has unmounted the target. Idempotent. */
  void remove(String containerId);

  /**
   * The container ids that have layer dirs here (ids of deleted containers included, e.g. after a
   * crash), with the dir their root filesystem is mounted on. For the start-up scan.
   */
  default java.util.Map<String, java.nio.file.Path> containers() {
    return java.util.Map.of();
  }
}
