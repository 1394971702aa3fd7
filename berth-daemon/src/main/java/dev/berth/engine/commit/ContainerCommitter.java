package dev.berth.engine.commit;

import dev.berth.engine.archive.DirFd;
import dev.berth.engine.archive.TarPipe;
import dev.berth.engine.archive.TreeTar;
import dev.berth.engine.container.ContainerFiles;
import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.SystemError;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.image.ChildImage;
import dev.berth.engine.image.ConfigChanges;
import dev.berth.engine.image.ImageService;
import dev.berth.engine.image.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * {@code docker commit} (moby {@code daemon/commit.go}) and the builder's commits: the container's
 * overlay upper dir becomes a layer diff (whiteouts in the tar form, the init layer's mount points
 * left out), on top of its image's layers; the new image's Parent is the container's image. An
 * empty diff adds no layer ({@code empty_layer} in history), as in moby.
 *
 * <p>Use from engine code: {@code String imageId = committer.commit("web", CommitRequest.buildStep(
 * config, runConfig, "", "", "/bin/sh -c make", false));} — returns {@code sha256:<hex>}; the image is
 * usable at once ({@code docker run <id>}). Errors are engine kinds with dockerd's texts (NotFound
 * for an unknown container, Conflict for a dead or removing one, InvalidArgument for bad changes or
 * a bad reference). Thread-safe; commits of one container may run at once.
 */
public final class ContainerCommitter {
  private static final System.Logger LOG = System.getLogger(ContainerCommitter.class.getName());

  private final ContainerFiles containers;
  private final ImageService images;
  private final EventBus events;

  public ContainerCommitter(ContainerFiles containers, ImageService images, EventBus events) {
    this.containers = containers;
    this.images = images;
    this.events = events;
  }

  /** Commits {@code containerIdOrName} as {@code req} says; returns the new image ID ({@code sha256:…}). */
  public String commit(String containerIdOrName, CommitRequest req) {
    var facts = containers.facts(containerIdOrName);
    if (!req.buildStep()) {
      if (facts.dead()) throw new Conflict("You cannot commit container " + facts.id() + " which is Dead");
      if (facts.removing()) throw new Conflict("You cannot commit container " + facts.id() + " which is being removed");
    }
    var tag = Reference.repoTag(req.repo(), req.tag());
    var config = req.imageConfig() != null ? req.imageConfig()
        : ContainerFiles.mergeForCommit(ConfigChanges.applyTo(req.config() != null ? req.config() : facts.config(),
            req.changes()), facts.config());
    var child = new ChildImage(config, req.containerConfig() != null ? req.containerConfig() : facts.config(), facts.id(),
        req.author(), req.comment(), req.createdBy());
    boolean paused = false;
    if (req.pause() && !req.buildStep() && facts.running() && !facts.paused()) {
      paused = quietly(() -> containers.pause(facts.id()), "pause");
    }
    String id;
    try (var layer = req.metadataOnly() ? null : diff(facts)) {
      id = images.commit(facts.imageId(), layer, child, facts.os(), tag).toString();
    } catch (IOException e) {
      throw new SystemError(e.getMessage(), e);
    } finally {
      if (paused) quietly(() -> containers.unpause(facts.id()), "unpause");
    }
    events.publish("image", "create", id, Map.of("name", id));
    if (tag != null) events.publish("image", "tag", id, Map.of("name", tag.familiar()));
    if (!req.buildStep()) {
      containers.emit(facts.id(), "commit", Map.of("comment", req.comment(), "imageID", id,
          "imageRef", tag == null ? "" : tag.familiar()));
    }
    return id;
  }

  /** The container's changes as a layer tar, streamed while it is read. */
  private static InputStream diff(ContainerFiles.Facts facts) throws IOException {
    if (facts.upperDir() == null) throw new SystemError("container " + facts.id() + " has no writable layer");
    return TarPipe.of(out -> {
      try (var upper = DirFd.open(facts.upperDir()); var tar = new TreeTar(out, new TreeTar.Options(true,
          ContainerFiles.INIT_PATHS::contains))) {
        tar.writeChildren(upper, "");
        tar.finish();
      }
    });
  }

  private static boolean quietly(Runnable step, String what) {
    try {
      step.run();
      return true;
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "commit: " + what + " failed: " + e.getMessage());
      return false;
    }
  }
}
