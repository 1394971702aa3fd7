package dev.berth.engine.image;

import dev.berth.content.Digest;
import dev.berth.model.Filters;
import dev.berth.snapshot.Layer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The image part of {@code GET /system/df}, as moby's {@code daemon/images} computes it: the images
 * of {@code docker images} with {@code SharedSize} (the size of their layers another image also
 * uses) and {@code Containers} (how many containers use them), and {@code LayersSize} (every layer
 * in the layer store once).
 */
public final class ImageDiskUsage {
  private ImageDiskUsage() {}

  /** {@code LayersSize} and the {@code Images} list. */
  public record Report(long layersSize, List<ImageViews.Summary> images) {}

  static Report of(ImageService service) {
    var listed = service.list(false, false, Filters.none());
    var chains = new HashMap<String, List<Digest>>();
    var uses = new HashMap<Digest, Integer>();
    for (var stored : service.images().all()) {
      chains.put(stored.id().toString(), stored.record().layers());
      for (var chain : stored.record().layers()) {
        uses.merge(chain, 1, Integer::sum);
      }
    }
    var images = new ArrayList<ImageViews.Summary>();
    for (var s : listed) {
      long shared = 0;
      for (var chain : chains.getOrDefault(s.id(), List.of())) {
        if (uses.getOrDefault(chain, 0) > 1) {
          shared += service.layers().get(chain).map(Layer::size).orElse(0L);
        }
      }
      images.add(new ImageViews.Summary(service.users().usersOf(s.id()).size(), s.created(), s.id(), s.labels(),
          s.parentId(), s.repoDigests(), s.repoTags(), shared, s.size(), null));
    }
    long layersSize = service.layers().list().stream().mapToLong(Layer::size).sum();
    return new Report(layersSize, images);
  }
}
