package dev.berth.engine.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.content.Digest;
import java.util.List;

/**
 * What the image store keeps about an image besides its config blob ({@code
 * image/images/<hex>.json}).
 *
 * @param id the config digest
 * @param layers chain ids of its layers, bottom first (keys of the layer store)
 * @param lastTagTime RFC 3339 time it was last tagged with {@code docker tag}, null if never
 * @param parent the parent image ID (commit/build), null otherwise
 */
record ImageRecord(
    @JsonProperty("id") Digest id,
    @JsonProperty("layers") List<Digest> layers,
    @JsonProperty("lastTagTime") String lastTagTime,
    @JsonProperty("parent") Digest parent) {

  ImageRecord {
    layers = List.copyOf(layers);
  }

  ImageRecord withLastTagTime(String t) {
    return new ImageRecord(id, layers, t, parent);
  }
}
