package dev.berth.engine.distribution;

import java.util.List;
import java.util.Optional;

/**
 * What pull and push need from the image store, implemented over it at wiring time. References are
 * normalized strings ({@code 127.0.0.1:5000/app:1}, {@code docker.io/library/busybox@sha256:…}).
 * Thread-safe.
 */
public interface LocalImages {
  /** The image ID ({@code sha256:…}) {@code reference} points at now, if any. */
  Optional<String> imageId(String reference);

  /**
   * Records a pulled image whose config blob is in the content store and whose layers are in the
   * layer store, then points the references at it ({@code tagReference} may be null for pulls by
   * digest; {@code digestReference} becomes one of its RepoDigests).
   *
   * @param layers layer-store chain ids ({@code sha256:…}), bottom first
   */
  void record(String imageId, List<String> layers, String tagReference, String digestReference);

  /** The config digest and chain ids of the image {@code reference} names. */
  Optional<Image> find(String reference);

  /** Every tagged reference of {@code repository} ({@code domain/path}), for {@code push --all-tags}. */
  List<String> tags(String repository);

  /** An image as push needs it. @param layers chain ids, bottom first */
  record Image(String id, List<String> layers) {
    public Image {
      layers = List.copyOf(layers);
    }
  }
}
