package dev.berth.engine.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.content.Digest;
import dev.berth.store.AtomicJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * References ({@code name:tag}, {@code name@digest}) → image IDs, persisted in dockerd's {@code
 * repositories.json} shape ({@code {"Repositories":{"busybox":{"busybox:latest":"sha256:…"}}}})
 * with an atomic write after every change. Thread-safe (one lock).
 */
final class ReferenceStore {
  record File(@JsonProperty("Repositories") Map<String, Map<String, String>> repositories) {}

  private final Path file;
  private final Map<String, Reference> refs = new HashMap<>();
  private final Map<String, Digest> ids = new HashMap<>();

  ReferenceStore(Path file) {
    this.file = file;
    AtomicJson.read(file, File.class).ifPresent(f -> {
      if (f.repositories() != null) {
        f.repositories().values().forEach(m -> m.forEach((ref, id) -> {
          var r = Reference.parse(ref).storeKey();
          refs.put(r.toString(), r);
          ids.put(r.toString(), Digest.parse(id));
        }));
      }
    });
  }

  synchronized Optional<Digest> get(Reference ref) {
    return Optional.ofNullable(ids.get(ref.storeKey().toString()));
  }

  synchronized void add(Reference ref, Digest id) {
    var key = ref.storeKey();
    refs.put(key.toString(), key);
    ids.put(key.toString(), id);
    save();
  }

  synchronized boolean delete(Reference ref) {
    var key = ref.storeKey().toString();
    refs.remove(key);
    boolean removed = ids.remove(key) != null;
    if (removed) {
      save();
    }
    return removed;
  }

  /** The references to an image, sorted by their familiar form (as dockerd lists them). */
  synchronized List<Reference> referencesTo(Digest id) {
    var out = new ArrayList<Reference>();
    ids.forEach((k, v) -> {
      if (v.equals(id)) {
        out.add(refs.get(k));
      }
    });
    out.sort(Comparator.comparing(Reference::familiar));
    return out;
  }

  private void save() {
    var repos = new TreeMap<String, Map<String, String>>();
    ids.forEach((k, id) -> {
      var r = refs.get(k);
      repos.computeIfAbsent(r.familiarName(), n -> new TreeMap<>()).put(r.familiar(), id.toString());
    });
    try {
      AtomicJson.writeBytes(file, dev.berth.model.Json.mapper().writeValueAsBytes(new File(repos)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
