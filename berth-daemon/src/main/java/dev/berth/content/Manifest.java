package dev.berth.content;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** A Docker v2 schema 2 or OCI image manifest: one config and its layers, bottom first. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Manifest(
    @JsonProperty("schemaVersion") int schemaVersion,
    @JsonProperty("mediaType") String mediaType,
    @JsonProperty("config") Descriptor config,
    @JsonProperty("layers") List<Descriptor> layers,
    @JsonProperty("annotations") Map<String, String> annotations) {

  public Manifest {
    if (config == null) {
      throw new IllegalArgumentException("manifest without config");
    }
    layers = layers == null ? List.of() : List.copyOf(layers);
  }
}
