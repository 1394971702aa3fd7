package dev.berth.daemon;

import dev.berth.content.Digest;
import dev.berth.engine.image.Reference;
import dev.berth.engine.distribution.LocalImages;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.image.ImageService;
import dev.berth.model.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The image service as pull and push see it ({@link LocalImages}). */
final class PulledImages implements LocalImages {
  private final ImageService images;

  PulledImages(ImageService images) {
    this.images = images;
  }

  @Override
  public Optional<String> imageId(String reference) {
    try {
      return Optional.of(images.resolve(reference).id());
    } catch (NotFound e) {
      return Optional.empty();
    }
  }

  @Override
  public void record(String imageId, List<String> layers, String tagReference, String digestReference) {
    var references = new ArrayList<String>();
    if (tagReference != null) {
      references.add(tagReference);
    }
    references.add(digestReference);
    images.registerPulled(Digest.parse(imageId), layers.stream().map(Digest::parse).toList(), references);
  }

  @Override
  public Optional<Image> find(String reference) {
    try {
      var image = images.resolve(reference);
      return Optional.of(new Image(image.id(), image.layers().stream().map(hex -> Digest.ofHex(hex).toString()).toList()));
    } catch (NotFound e) {
      return Optional.empty();
    }
  }

  @Override
  public List<String> tags(String repository) {
    var out = new ArrayList<String>();
    for (var summary : images.list(false, false, Filters.none())) {
      for (var tag : summary.repoTags()) {
        var ref = Reference.parse(tag);
        if (ref.name().equals(repository) && ref.tag() != null) {
          out.add(ref.toString());
        }
      }
    }
    return out.stream().sorted().toList();
  }
}
