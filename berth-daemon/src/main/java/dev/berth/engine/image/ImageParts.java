package dev.berth.engine.image;

import dev.berth.content.Digest;
import java.util.List;

/**
 * An image as the builder needs it: its ID, its parsed config, its layers (chain ids, bottom first)
 * and its parent image (null when it has none).
 */
public record ImageParts(Digest id, ImageConfig config, List<Digest> layers, Digest parent) {
  public ImageParts {
    layers = List.copyOf(layers);
  }
}
