package dev.berth.engine.image;

/** The part of the image service that containers use. Thread-safe. */
public interface ImageLookup {
  /**
   * Resolves a reference as dockerd does: {@code name[:tag]} (normalized, {@code busybox} →
   * {@code docker.io/library/busybox:latest}), {@code name@sha256:…}, a full or short image ID.
   *
   * @throws dev.berth.engine.error.NotFound {@code No such image: <ref>} when absent
   */
  LocalImage resolve(String reference);
}
