package dev.berth.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of {@code Mounts} in container inspect and list (Docker's {@code MountPoint}). {@code Name}
 * and {@code Driver} appear for volumes only, as dockerd omits them for binds and tmpfs.
 */
public record MountPoint(
    @JsonProperty("Type") String type,
    @JsonProperty("Name") @JsonInclude(JsonInclude.Include.NON_EMPTY) String name,
    @JsonProperty("Source") String source,
    @JsonProperty("Destination") String destination,
    @JsonProperty("Driver") @JsonInclude(JsonInclude.Include.NON_EMPTY) String driver,
    @JsonProperty("Mode") String mode,
    @JsonProperty("RW") boolean rw,
    @JsonProperty("Propagation") String propagation) {}
