package dev.berth.content;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** An OCI image index or Docker manifest list ({@code index.json} of an image layout too). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Index(
    @JsonProperty("schemaVersion") int schemaVersion,
    @JsonProperty("mediaType") String mediaType,
    @JsonProperty("manifests") List<Descriptor> manifests,
    @JsonProperty("annotations") Map<String, String> annotations) {

  public Index {
    manifests = manifests == null ? List.of() : List.copyOf(manifests);
  }
}
