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

  private Path containerDir(String containerId) {
    if (!SAFE_ID.matcher(containerId).matches()) {
      throw new IllegalArgumentException("invalid container id " + containerId);
    }
    return layers.root().resolve(containerId);
  }
}
