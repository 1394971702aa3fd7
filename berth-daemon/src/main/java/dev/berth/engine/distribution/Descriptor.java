package dev.berth.engine.distribution;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** An OCI content descriptor as manifests and indexes carry it. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Descriptor(
    String mediaType,
    String digest,
    long size,
    List<String> urls,
    Map<String, String> annotations,
    PlatformJson platform) {

  public Descriptor {
    Digests.requireValid(digest);
    if (size < 0) {
      throw new IllegalArgumentException("negative size in descriptor of " + digest);
    }
    urls = urls == null ? List.of() : List.copyOf(urls);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public Descriptor(String mediaType, String digest, long size) {
    this(mediaType, digest, size, null, null, null);
  }

  /** The wire form of a platform inside an index entry. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PlatformJson(String architecture, String os, String variant) {
    Platform toPlatform() {
      return new Platform(os, architecture, variant);
    }
  }
}
