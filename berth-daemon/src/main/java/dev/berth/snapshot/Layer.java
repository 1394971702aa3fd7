package dev.berth.snapshot;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.content.Digest;

/**
 * An unpacked layer. Its key in the store is {@code chainId.hex()}.
 *
 * @param chainId the chain id (identity of this layer on top of its parents)
 * @param diffId sha256 of its uncompressed tar
 * @param parent the parent's chain id, null for a bottom layer
 * @param size bytes of regular file content (dockerd's layer size)
 * @param tarSize length of the uncompressed tar (what {@code docker save} writes)
 * @param blob the content-store blob it was unpacked from (maybe compressed), null if not kept
 */
public record Layer(
    @JsonProperty("chainId") Digest chainId,
    @JsonProperty("diffId") Digest diffId,
    @JsonProperty("parent") Digest parent,
    @JsonProperty("size") long size,
    @JsonProperty("tarSize") long tarSize,
    @JsonProperty("blob") Digest blob) {

  public String key() {
    return chainId.hex();
  }

  /** dockerd's ChainID: the diff id for a bottom layer, else sha256(parent + " " + diffId). */
  public static Digest chainId(Digest parent, Digest diffId) {
    if (parent == null) {
      return diffId;
    }
    return Digest.of((parent + " " + diffId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
