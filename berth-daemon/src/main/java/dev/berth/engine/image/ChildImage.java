package dev.berth.engine.image;

import dev.berth.model.ContainerConfig;

/**
 * What a commit or a build step adds to a parent image (moby {@code image.ChildConfig}).
 *
 * @param config the new image's config (already merged and with changes applied); required
 * @param containerConfig the committed container's own config ({@code container_config}), may be null
 * @param containerId the committed container, may be null (a builder metadata step)
 * @param author {@code author} of the image and its history entry, may be empty
 * @param comment the history entry's comment, may be empty
 * @param createdBy the history entry's {@code created_by}; null means the container config's Cmd
 *     joined by spaces, as moby writes it
 */
public record ChildImage(ContainerConfig config, ContainerConfig containerConfig, String containerId, String author,
    String comment, String createdBy) {
  public ChildImage {
    if (config == null) {
      throw new IllegalArgumentException("a child image needs a config");
    }
    author = author == null ? "" : author;
    comment = comment == null ? "" : comment;
  }

  String historyCreatedBy() {
    if (createdBy != null) {
      return createdBy;
    }
    return containerConfig == null || containerConfig.cmd() == null ? "" : String.join(" ", containerConfig.cmd());
  }
}
