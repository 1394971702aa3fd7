package dev.berth.engine.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.store.AtomicJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A container's mount points on disk, beside its other state:
 * {@code <data-root>/containers/<id>/mounts.json}. The container's folder going away (rm) takes the
 * record with it, so references can never outlive their container across a restart; a folder
 * without the container's {@code config.v2.json} (a create that failed half-way) is ignored.
 */
final class ContainerMountStore {
  private static final System.Logger LOG = System.getLogger(ContainerMountStore.class.getName());
  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
  private final Path containers;

  /** @param active whether the container is started with its volumes mounted */
  record Entry(@JsonProperty("Mounts") List<ContainerMount> mounts, @JsonProperty("Active") boolean active) {
    Entry {
      mounts = List.copyOf(mounts);
    }
  }

  ContainerMountStore(Path dataRoot) {
    this.containers = dataRoot.resolve("containers");
  }

  Map<String, Entry> loadAll() {
    var out = new HashMap<String, Entry>();
    if (!Files.isDirectory(containers)) {
      return out;
    }
    try (var dirs = Files.list(containers)) {
      for (var dir : dirs.toList()) {
        var id = dir.getFileName().toString();
        var file = dir.resolve("mounts.json");
        if (!ID.matcher(id).matches() || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (!Files.isRegularFile(dir.resolve("config.v2.json"), LinkOption.NOFOLLOW_LINKS)) {
          // A create that failed half-way: no container, so no references.
          LOG.log(Level.INFO, "ignoring mounts of " + id + ": the container was never saved");
          continue;
        }
        try {
          AtomicJson.read(file, Entry.class).ifPresent(e -> out.put(id, e));
        } catch (UncheckedIOException e) {
          LOG.log(Level.WARNING, "ignoring unreadable " + file + ": " + e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  void save(String id, Entry entry) {
    AtomicJson.write(containers.resolve(id).resolve("mounts.json"), entry);
  }

  void delete(String id) {
    try {
      Files.deleteIfExists(containers.resolve(id).resolve("mounts.json"));
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot delete mounts of " + id + ": " + e.getMessage());
    }
  }
}
