package dev.berth.engine.distribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory image store: references → image IDs, IDs → chain ids. */
final class FakeImages implements LocalImages {
  final Map<String, String> refs = new ConcurrentHashMap<>();
  final Map<String, List<String>> layers = new ConcurrentHashMap<>();

  @Override
  public Optional<String> imageId(String reference) {
    return Optional.ofNullable(refs.get(reference));
  }

  @Override
  public void record(String imageId, List<String> chains, String tagReference, String digestReference) {
    layers.put(imageId, List.copyOf(chains));
    if (tagReference != null) {
      refs.put(tagReference, imageId);
    }
    refs.put(digestReference, imageId);
  }

  @Override
  public Optional<Image> find(String reference) {
    var id = reference.startsWith("sha256:") ? reference : refs.get(reference);
    return Optional.ofNullable(id).filter(layers::containsKey).map(i -> new Image(i, layers.get(i)));
  }

  @Override
  public List<String> tags(String repository) {
    var out = new ArrayList<String>();
    refs.keySet().stream().filter(r -> r.startsWith(repository + ":")).sorted().forEach(out::add);
    return out;
  }
}
