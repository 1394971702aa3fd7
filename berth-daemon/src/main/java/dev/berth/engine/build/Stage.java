package dev.berth.engine.build;

import dev.berth.content.Digest;

/**
 * One build stage's state while its instructions run (moby's {@code dispatchState}): the image
 * made so far (null until FROM, or for {@code scratch} until a step commits), its config, whether
 * CMD was set in this stage. Mutable; one per stage.
 */
final class Stage {
  final String name;
  final int index;
  Digest imageId;
  boolean scratch;
  RunConfig config;
  boolean cmdSet;
  String os = "linux";
  String architecture = "amd64";

  Stage(String name, int index) {
    this.name = name;
    this.index = index;
  }

  /** The parent of the next image: the current image, null for scratch. */
  Digest parent() {
    return imageId;
  }
}
