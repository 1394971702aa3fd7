package dev.berth.engine.image;

import dev.berth.content.ContentStore;
import dev.berth.content.Digest;
import dev.berth.model.Json;
import dev.berth.store.AtomicJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Images by ID: the config blob in the content store (its digest is the ID) plus an {@link
 * ImageRecord} in {@code <image>/images/<hex>.json}. Kept in memory after start. Thread-safe.
 */
final class ImageStore {
  record Stored(ImageRecord record, ImageConfig config) {
    Digest id() {
      return record.id();
    }
  }

  private final ContentStore content;
  private final Path dir;
  private final Map<Digest, Stored> images = new ConcurrentHashMap<>();

  ImageStore(ContentStore content, Path imageRoot) {
    this.content = content;
    this.dir = imageRoot.resolve("images");
    try {
      Files.createDirectories(dir);
      try (var files = Files.list(dir)) {
        for (var f : (Iterable<Path>) files::iterator) {
          var name = f.getFileName().toString();
          if (!name.endsWith(".json") || !Digest.isHex64(name.substring(0, name.length() - 5))) {
            continue;
          }
          var rec = AtomicJson.read(f, ImageRecord.class).orElse(null);
          if (rec != null && content.exists(rec.id())) {
            images.put(rec.id(), new Stored(rec, parse(content.read(rec.id()))));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ImageConfig parse(byte[] config) throws IOException {
    return Json.mapper().readValue(config, ImageConfig.class);
  }

  /** Stores an image whose config blob is already in the content store. Idempotent. */
  Stored put(ImageRecord record) throws IOException {
    var existing = images.get(record.id());
    if (existing != null) {
      return existing;
    }
    var stored = new Stored(record, parse(content.read(record.id())));
    AtomicJson.write(file(record.id()), record);
    images.put(record.id(), stored);
    return stored;
  }

  void update(ImageRecord record) {
    var old = images.get(record.id());
    if (old == null) {
      return;
    }
    AtomicJson.write(file(record.id()), record);
    images.put(record.id(), new Stored(record, old.config()));
  }

  Optional<Stored> get(Digest id) {
    return Optional.ofNullable(images.get(id));
  }

  List<Stored> all() {
    return new ArrayList<>(images.values());
  }

  int count() {
    return images.size();
  }

  /** dockerd's ID search: a unique prefix of the hex, with or without {@code sha256:}. */
  Optional<Digest> search(String term) {
    var hex = term.startsWith(Digest.SHA256 + ":") ? term.substring(7) : term;
    if (hex.isEmpty()) {
      return Optional.empty();
    }
    Digest found = null;
    for (var id : images.keySet()) {
      if (id.hex().startsWith(hex)) {
        if (found != null) {
          return Optional.empty();
        }
        found = id;
      }
    }
    return Optional.ofNullable(found);
  }

  void delete(Digest id) throws IOException {
    images.remove(id);
    Files.deleteIfExists(file(id));
    content.delete(id);
  }

  private Path file(Digest id) {
    return dir.resolve(id.hex() + ".json");
  }
}
