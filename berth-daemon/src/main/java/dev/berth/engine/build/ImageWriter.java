package dev.berth.engine.build;

import dev.berth.content.Digest;
import dev.berth.engine.archive.DirFd;
import dev.berth.engine.archive.TarPipe;
import dev.berth.engine.archive.TreeTar;
import dev.berth.engine.commit.CommitRequest;
import dev.berth.engine.commit.ContainerCommitter;
import dev.berth.engine.container.ContainerFiles;
import dev.berth.engine.error.SystemError;
import dev.berth.engine.image.ChildImage;
import dev.berth.engine.image.ImageService;
import dev.berth.model.ContainerConfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Makes the image of one build step: through the commit API for a step with an intermediate
 * container (its changes, or none for a metadata step), through {@link ImageService#commit} for a
 * step without one (COPY into a mounted tree, any step on {@code scratch}). The image's {@code
 * config} is the stage's, {@code container_config} the step's; the stage moves to the new image.
 */
final class ImageWriter {
  private final ImageService images;
  private final ContainerCommitter committer;

  ImageWriter(ImageService images, ContainerCommitter committer) {
    this.images = images;
    this.committer = committer;
  }

  Digest commitContainer(Stage st, String containerId, ContainerConfig containerConfig, String createdBy,
      boolean metadataOnly) {
    var id = committer.commit(containerId, CommitRequest.buildStep(config(st), containerConfig, "", "", createdBy,
        metadataOnly));
    st.imageId = Digest.parse(id);
    return st.imageId;
  }

  /** {@code upper}: the overlay upper dir holding the step's changes, null for none. */
  Digest commitTree(Stage st, String containerId, ContainerConfig containerConfig, Path upper, String createdBy) {
    try (var tar = upper == null ? null : TarPipe.of(out -> {
      try (var dir = DirFd.open(upper); var t = new TreeTar(out, new TreeTar.Options(true, ContainerFiles.INIT_PATHS::contains))) {
        t.writeChildren(dir, "");
        t.finish();
      }
    })) {
      var child = new ChildImage(config(st), containerConfig, containerId, "", "", createdBy);
      st.imageId = images.commit(st.parent() == null ? null : st.parent().toString(), tar, child, st.os, null);
      return st.imageId;
    } catch (IOException e) {
      throw new SystemError("failed to commit the build step: " + e.getMessage(), e);
    }
  }

  private static ContainerConfig config(Stage st) {
    return st.config.toContainerConfig("", Commits.image(st));
  }

  static java.util.List<String> nopCmd(String comment) {
    return java.util.List.of("/bin/sh", "-c", "#(nop) ", comment);
  }
}
