package dev.berth.engine.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The 201 body of {@code POST /containers/create}. */
public record CreateResult(@JsonProperty("Id") String id, @JsonProperty("Warnings") List<String> warnings) {}
