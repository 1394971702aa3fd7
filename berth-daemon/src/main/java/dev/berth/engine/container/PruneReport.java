package dev.berth.engine.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /containers/prune}'s body; {@code ContainersDeleted} is null when nothing went, as in dockerd. */
public record PruneReport(
    @JsonProperty("ContainersDeleted") List<String> containersDeleted,
    @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}
