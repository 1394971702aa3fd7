package dev.berth.engine.distribution;

import dev.berth.content.Digest;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.store.AtomicJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * For each layer (by diff id), the registry blobs known to hold it: the compressed blob a pull
 * fetched (kept so a re-push is byte-identical), its media type and the repositories it came from
 * (candidates for cross-repository mounts). One JSON file per diff id under
 * {@code <data-root>/image/distribution/diffid/}. Thread-safe (atomic file writes; last writer wins,
 * which only forgets a mount candidate).
 */
final class BlobSources {
  private final Path dir;

  BlobSources(Path dir) {
    this.dir = dir;
  }

  /** A blob holding a layer. @param repositories {@code domain/path} names it was seen in */
  record Source(
      @JsonProperty("digest") String digest,
      @JsonProperty("mediaType") String mediaType,
      @JsonProperty("size") long size,
      @JsonProperty("repositories") List<String> repositories) {
    Source {
      repositories = repositories == null ? List.of() : List.copyOf(repositories);
    }
  }

  record Entry(@JsonProperty("sources") List<Source> sources) {
    Entry {
      sources = sources == null ? List.of() : List.copyOf(sources);
    }
  }

  List<Source> of(String diffId) {
    return AtomicJson.read(file(diffId), Entry.class).map(Entry::sources).orElse(List.of());
  }

  Optional<Source> first(String diffId) {
    return of(diffId).stream().findFirst();
  }

  /** Remembers that {@code blob} (of {@code mediaType}) holds {@code diffId}, seen in {@code repository}. */
  synchronized void add(String diffId, String blob, String mediaType, long size, String repository) {
    var sources = new ArrayList<>(of(diffId));
    var repos = new LinkedHashSet<String>();
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).digest().equals(blob)) {
        repos.addAll(sources.remove(i).repositories());
        break;
      }
    }
    if (repository != null) {
      repos.add(repository);
    }
    sources.addFirst(new Source(blob, mediaType, size, List.copyOf(repos)));
    AtomicJson.write(file(diffId), new Entry(sources));
  }

  private Path file(String diffId) {
    return dir.resolve(dev.berth.content.Digest.parse(diffId).hex() + ".json");
  }
}
