package dev.berth.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Container layers as {@code <overlay>/<container id>/{diff,work,merged}} over the image's layer
 * folders from {@link LayerStore}. Computes the mount; never mounts. Thread-safe.
 */
public final class OverlayContainerLayers implements ContainerLayers {
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private final LayerStore layers;

  public OverlayContainerLayers(LayerStore layers) {
    this.layers = layers;
  }

  @Override
  public OverlayMount prepare(String containerId, List<String> imageLayers) {
    var dir = containerDir(containerId);
    try {
      var lower = new ArrayList<Path>();
      for (var key : imageLayers.reversed()) {
        var diff = layers.diffDir(key);
        if (!Files.isDirectory(diff)) {
          throw new IllegalStateException("layer " + key + " is not in the store");
        }
        lower.add(diff);
      }
      if (lower.isEmpty()) {
        var empty = dir.resolve("empty");
        Files.createDirectories(empty);
        lower.add(empty);
      }
      var upper = Files.createDirectories(dir.resolve("diff"));
      var work = Files.createDirectories(dir.resolve("work"));
      var merged = Files.createDirectories(dir.resolve("merged"));
      return new OverlayMount(lower, upper, work, merged);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void remove(String containerId) {
    try {
      LayerUnpacker.deleteTree(containerDir(containerId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Dirs named like a container id (64 hex) that are no image layer (those hold a layer.json). */
  @Override
  public java.util.Map<String, Path> containers() {
    var found = new java.util.TreeMap<String, Path>();
    try (var dirs = Files.list(layers.root())) {
      for (var dir : dirs.toList()) {
        var name = dir.getFileName().toString();
        if (dev.berth.content.Digest.isHex64(name) && Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && !Files.exists(dir.resolve(LayerStore.META))) {
          found.put(name, dir.resolve("merged"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private Path containerDir(String containerId) {
    if (!SAFE_ID.matcher(containerId).matches()) {
      throw new IllegalArgumentException("invalid container id " + containerId);
    }
    return layers.root().resolve(containerId);
  }
}
