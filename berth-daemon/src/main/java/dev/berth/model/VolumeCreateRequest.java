package dev.berth.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The body of {@code POST /volumes/create}. Every field may be absent. */
public record VolumeCreateRequest(
    @JsonProperty("Name") String name,
    @JsonProperty("Driver") String driver,
    @JsonProperty("DriverOpts") Map<String, String> driverOpts,
    @JsonProperty("Labels") Map<String, String> labels) {

  public static VolumeCreateRequest empty() {
    return new VolumeCreateRequest(null, null, null, null);
  }
}
