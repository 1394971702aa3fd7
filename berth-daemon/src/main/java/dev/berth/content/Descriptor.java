package dev.berth.content;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** An OCI content descriptor: what a manifest or index says about a blob it points to. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Descriptor(
    @JsonProperty("mediaType") String mediaType,
    @JsonProperty("digest") Digest digest,
    @JsonProperty("size") long size,
    @JsonProperty("urls") List<String> urls,
    @JsonProperty("annotations") Map<String, String> annotations,
    @JsonProperty("platform") Platform platform) {

  public Descriptor {
    if (digest == null) {
      throw new IllegalArgumentException("descriptor without digest");
    }
  }

  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, null, null, null);
  }

  public Descriptor withAnnotations(Map<String, String> more) {
    return new Descriptor(mediaType, digest, size, urls, more, platform);
  }

  public String annotation(String key) {
    return annotations == null ? null : annotations.get(key);
  }
}
