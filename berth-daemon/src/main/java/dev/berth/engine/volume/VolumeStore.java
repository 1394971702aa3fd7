package dev.berth.engine.volume;

import dev.berth.store.AtomicJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Volume metadata on disk: {@code <data-root>/volumes/<name>/volume.json}, written atomically. The
 * local driver's {@code _data} and {@code opts.json} live in the same folder.
 */
final class VolumeStore {
  private static final System.Logger LOG = System.getLogger(VolumeStore.class.getName());
  private final Path root;

  VolumeStore(Path root) {
    this.root = root;
  }

  Map<String, VolumeRecord> loadAll() {
    var out = new HashMap<String, VolumeRecord>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (var dirs = Files.list(root)) {
      for (var dir : dirs.toList()) {
        var file = dir.resolve("volume.json");
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try {
          AtomicJson.read(file, VolumeRecord.class).ifPresent(r -> out.put(r.name(), r));
        } catch (UncheckedIOException e) {
          LOG.log(Level.WARNING, "ignoring unreadable volume metadata " + file + ": " + e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  void save(VolumeRecord record) {
    AtomicJson.write(root.resolve(record.name()).resolve("volume.json"), record);
  }

  /** Forgets {@code name}'s metadata (the driver removed its data already); drops the folder when empty. */
  void delete(String name) {
    var dir = root.resolve(name);
    try {
      Files.deleteIfExists(dir.resolve("volume.json"));
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && FileTrees.isEmptyDirectory(dir)) {
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
