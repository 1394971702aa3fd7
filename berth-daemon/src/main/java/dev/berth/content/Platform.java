package dev.berth.content;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An OCI platform ({@code os}, {@code architecture}, optional {@code variant}). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Platform(
    @JsonProperty("architecture") String architecture,
    @JsonProperty("os") String os,
    @JsonProperty("variant") String variant) {}
