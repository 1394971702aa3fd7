package dev.berth.engine.image;

import dev.berth.content.Digest;
import dev.berth.store.AtomicJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Layers of images removed with {@code rmi -f} while containers still use them: dockerd keeps such
 * layers through the containers' references, Berth keeps them pinned here ({@code
 * image/pinned-layers.json}) until no container uses the removed image any more. Used under the
 * image service's write lock.
 */
final class LayerPins {
  private final Path file;
  private final Map<String, List<String>> pins = new HashMap<>();

  @SuppressWarnings("unchecked")
  LayerPins(Path file) {
    this.file = file;
    AtomicJson.read(file, Map.class).ifPresent(m -> pins.putAll((Map<String, List<String>>) m));
  }

  void pin(Digest imageId, List<Digest> chainIds) {
    pins.put(imageId.toString(), chainIds.stream().map(Digest::toString).toList());
    AtomicJson.write(file, pins);
  }

  /** Drops the pins of removed images no container uses now; returns their layers (top first). */
  List<Digest> releaseUnused(ImageUsers users) {
    var released = new ArrayList<Digest>();
    var ids = new ArrayList<>(pins.keySet());
    for (var id : ids) {
      if (users.usersOf(id).isEmpty()) {
        pins.remove(id).reversed().forEach(c -> released.add(Digest.parse(c)));
      }
    }
    if (!released.isEmpty() || ids.size() != pins.size()) {
      AtomicJson.write(file, pins);
    }
    return released;
  }

  Set<Digest> pinned() {
    var out = new HashSet<Digest>();
    pins.values().forEach(l -> l.forEach(c -> out.add(Digest.parse(c))));
    return out;
  }
}
