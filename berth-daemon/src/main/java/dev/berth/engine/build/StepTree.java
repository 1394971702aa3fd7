package dev.berth.engine.build;

import dev.berth.engine.container.RootfsMounter;
import dev.berth.snapshot.ContainerLayers;
import dev.berth.snapshot.OverlayMount;
import java.nio.file.Path;
import java.util.List;

/**
 * A writable root filesystem over a stage's layers, mounted for a step that changes files without
 * running anything (COPY, ADD, WORKDIR), or read-only use (COPY --from). Closing unmounts it and,
 * unless it belongs to a container, deletes its folders.
 */
final class StepTree implements AutoCloseable {
  private static final String PREFIX = "build-";

  private final ContainerLayers layers;
  private final RootfsMounter mounter;
  private final String key;
  private final OverlayMount mount;
  private final boolean owned;

  private StepTree(ContainerLayers layers, RootfsMounter mounter, String key, OverlayMount mount, boolean owned) {
    this.layers = layers;
    this.mounter = mounter;
    this.key = key;
    this.mount = mount;
    this.owned = owned;
  }

  /**
   * Mounts the layers {@code layerKeys} (bottom first) under the folders of {@code key}: a container
   * ID (its own folders, left to the container's removal) or a fresh key ({@code owned}).
   */
  static StepTree open(ContainerLayers layers, RootfsMounter mounter, String key, List<String> layerKeys, boolean owned) {
    var mount = layers.prepare(key, layerKeys);
    try {
      mounter.mount(mount);
    } catch (RuntimeException e) {
      if (owned) {
        layers.remove(key);
      }
      throw e;
    }
    return new StepTree(layers, mounter, key, mount, owned);
  }

  /** At start: the trees of builds a crash interrupted ({@code build-*} keys), unmounted and deleted. */
  static void removeLeftovers(ContainerLayers layers, RootfsMounter mounter, Path overlayRoot) {
    try (var dirs = java.nio.file.Files.list(overlayRoot)) {
      for (var dir : dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX)).toList()) {
        mounter.unmount(dir.resolve("merged"));
        layers.remove(dir.getFileName().toString());
      }
    } catch (java.io.IOException | RuntimeException e) {
      System.getLogger(StepTree.class.getName()).log(System.Logger.Level.WARNING,
          "cannot remove the trees of interrupted builds: " + e.getMessage());
    }
  }

  /** A fresh key for a tree of this build ({@code owned}). */
  static String newKey() {
    return PREFIX + java.util.UUID.randomUUID();
  }

  Path root() {
    return mount.target();
  }

  Path upper() {
    return mount.upper();
  }

  List<Path> lowers() {
    return mount.lower();
  }

  /** Unmounts; the upper dir stays readable until {@link #discard()} (or the container's removal). */
  @Override
  public void close() {
    mounter.unmount(mount.target());
  }

  void discard() {
    close();
    if (owned) {
      layers.remove(key);
    }
  }
}
