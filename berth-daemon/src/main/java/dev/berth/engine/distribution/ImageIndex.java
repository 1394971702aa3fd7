package dev.berth.engine.distribution;

import dev.berth.content.Descriptor;
import dev.berth.content.MediaTypes;
import java.util.List;
import java.util.Optional;

/** A Docker manifest list or OCI image index: one manifest per platform. */
record ImageIndex(String mediaType, List<Descriptor> manifests, byte[] raw) implements RemoteManifest {
  ImageIndex {
    manifests = List.copyOf(manifests);
  }

  /**
   * The entry dockerd would pull for {@code wanted}: the first image manifest whose platform runs
   * there, preferring an exact variant. Entries without a platform, attestations
   * ({@code unknown/unknown}) and nested indexes are skipped.
   */
  Optional<Descriptor> choose(Platform wanted) {
    Descriptor best = null;
    int bestRank = 0;
    for (var d : manifests) {
      if (d.platform() == null || (d.mediaType() != null && !MediaTypes.isManifest(d.mediaType()))) {
        continue;
      }
      var p = d.platform();
      var candidate = new Platform(p.os(), p.architecture(), p.variant());
      if (wanted.accepts(candidate) && wanted.rank(candidate) > bestRank) {
        best = d;
        bestRank = wanted.rank(candidate);
      }
    }
    return Optional.ofNullable(best);
  }
}
