package dev.berth.engine.image;

import java.util.List;

/**
 * Which containers use an image, so {@code rmi} can apply dockerd's conflict rules. Implemented by
 * the container service and handed to the image service at wiring time.
 */
public interface ImageUsers {
  List<User> usersOf(String imageId);

  /** @param containerId full id; {@code running} whether it runs now (rmi -f still refuses those). */
  record User(String containerId, boolean running) {}
}
