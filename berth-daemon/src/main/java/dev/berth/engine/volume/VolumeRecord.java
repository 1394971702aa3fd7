package dev.berth.engine.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * What Berth remembers about a volume, whatever its driver: persisted as
 * {@code <data-root>/volumes/<name>/volume.json}.
 *
 * @param labels null when none (dockerd shows {@code "Labels": null})
 * @param options the driver options given at create, null when none
 * @param createdAt RFC 3339 seconds
 */
record VolumeRecord(
    @JsonProperty("Name") String name,
    @JsonProperty("Driver") String driver,
    @JsonProperty("Labels") Map<String, String> labels,
    @JsonProperty("Options") Map<String, String> options,
    @JsonProperty("CreatedAt") String createdAt) {
  VolumeRecord {
    labels = labels == null || labels.isEmpty() ? null : Map.copyOf(labels);
    options = options == null || options.isEmpty() ? null : Map.copyOf(options);
  }

  boolean anonymous() {
    return labels != null && labels.containsKey(VolumeService.ANONYMOUS_LABEL);
  }
}
