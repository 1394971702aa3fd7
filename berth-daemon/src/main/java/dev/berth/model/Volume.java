package dev.berth.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Docker's {@code Volume} (API 1.44): volume inspect, list entries and the create reply.
 * {@code Labels} and {@code Options} are null when empty, as dockerd shows them; {@code Status}
 * and {@code UsageData} only appear when known.
 *
 * @param createdAt RFC 3339 with seconds, as dockerd formats it
 */
public record Volume(
    @JsonProperty("CreatedAt") String createdAt,
    @JsonProperty("Driver") String driver,
    @JsonProperty("Labels") Map<String, String> labels,
    @JsonProperty("Mountpoint") String mountpoint,
    @JsonProperty("Name") String name,
    @JsonProperty("Options") Map<String, String> options,
    @JsonProperty("Scope") String scope,
    @JsonProperty("Status") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> status,
    @JsonProperty("UsageData") @JsonInclude(JsonInclude.Include.NON_NULL) UsageData usageData) {

  /** {@code docker system df -v}: size in bytes (-1 when unknown) and how many containers use it. */
  public record UsageData(@JsonProperty("Size") long size, @JsonProperty("RefCount") long refCount) {}

  public Volume withUsage(UsageData usage) {
    return new Volume(createdAt, driver, labels, mountpoint, name, options, scope, status, usage);
  }
}
