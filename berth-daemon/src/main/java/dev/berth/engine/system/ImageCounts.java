package dev.berth.engine.system;

/** How many images exist, for {@code GET /info}. Implemented by the image service; thread-safe. */
@FunctionalInterface
public interface ImageCounts {
  int images();

  ImageCounts NONE = () -> 0;
}
