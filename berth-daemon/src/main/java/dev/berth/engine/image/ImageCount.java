package dev.berth.engine.image;

/** The number of images, for {@code /info}. */
@FunctionalInterface
public interface ImageCount {
  int imageCount();
}
