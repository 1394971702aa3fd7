package dev.berth.engine.build;

import dev.berth.content.Digest;
import dev.berth.engine.error.SystemError;
import dev.berth.engine.image.ImageConfig;
import dev.berth.engine.image.ImageParts;
import dev.berth.engine.image.ImageService;
import dev.berth.model.ContainerConfig;
import dev.berth.model.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --cache-from} as moby's {@code image/cache.ImageCache}: a local cache hit counts only when
 * it is an ancestor of a source image; otherwise a source whose history and layers start with the
 * parent's, and whose next history entry was made by the same command, provides the step — the
 * source itself when it is that step's image, else an image restored from its config and layers.
 * Mutable (it narrows to the first source used); one per build.
 */
final class CacheSources {
  private final ImageService images;
  private List<ImageParts> sources;

  CacheSources(ImageService images, List<ImageParts> sources) {
    this.images = images;
    this.sources = List.copyOf(sources);
  }

  boolean isEmpty() {
    return sources.isEmpty();
  }

  /** Whether the local hit {@code id} may be used: an ancestor of (or equal to) a source. */
  boolean accepts(Digest id) {
    for (var s : sources) {
      for (Digest p = s.id(); p != null; p = images.parts(p.toString()).parent()) {
        if (p.equals(id)) {
          return true;
        }
      }
    }
    return false;
  }

  Optional<Digest> probe(Digest parentId, ContainerConfig cfg) {
    var parent = parentId == null ? null : images.parts(parentId.toString());
    int lenHistory = parent == null || parent.config().history() == null ? 0 : parent.config().history().size();
    for (var target : sources) {
      var history = history(target);
      if (!validParent(target, parent) || lenHistory >= history.size()
          || !String.join(" ", cfg.cmd() == null ? List.of() : cfg.cmd()).equals(history.get(lenHistory).createdBy())) {
        continue;
      }
      if (history.size() - 1 == lenHistory) {
        if (parent != null) {
          images.setParent(target.id(), parent.id());
        }
        return Optional.of(target.id());
      }
      var restored = restore(parent, target, lenHistory, cfg);
      sources = List.of(target);
      return Optional.of(restored);
    }
    return Optional.empty();
  }

  private static List<ImageConfig.History> history(ImageParts p) {
    return p.config().history() == null ? List.of() : p.config().history();
  }

  private static boolean validParent(ImageParts img, ImageParts parent) {
    var h = history(img);
    if (h.isEmpty()) {
      return false;
    }
    if (parent == null || history(parent).isEmpty() && parent.config().diffIds().isEmpty()) {
      return true;
    }
    var ph = history(parent);
    var pd = parent.config().diffIds();
    var d = img.config().diffIds();
    return ph.size() < h.size() && pd.size() <= d.size() && h.subList(0, ph.size()).equals(ph)
        && d.subList(0, pd.size()).equals(pd);
  }

  private Digest restore(ImageParts parent, ImageParts target, int lenHistory, ContainerConfig cfg) {
    var history = new ArrayList<ImageConfig.History>(parent == null ? List.of() : history(parent));
    var entry = history(target).get(lenHistory);
    history.add(entry);
    var diffIds = new ArrayList<>(parent == null ? List.of() : parent.config().diffIds());
    int layers = diffIds.size();
    if (!entry.emptyLayer()) {
      layers++;
      diffIds.add(target.config().diffIds().get(layers - 1));
    }
    var config = new LinkedHashMap<String, Object>();
    config.put("architecture", target.config().architecture());
    config.put("config", cfg);
    config.put("created", entry.created());
    config.put("docker_version", dev.berth.engine.system.BuildInfo.VERSION);
    config.put("history", history);
    config.put("os", target.config().os());
    config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds.stream().map(Digest::toString).toList()));
    try {
      return images.restoreCached(Json.mapper().writeValueAsBytes(config), target.layers().subList(0, layers),
          parent == null ? null : parent.id());
    } catch (IOException e) {
      throw new SystemError(e.getMessage(), e);
    }
  }
}
