package dev.berth.engine.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.model.ContainerConfig;
import java.util.List;
import java.util.Map;

/** The image endpoints' wire shapes (Engine API 1.44). */
public final class ImageViews {
  private ImageViews() {}

  /** An item of {@code GET /images/json}. */
  public record Summary(
      @JsonProperty("Containers") long containers,
      @JsonProperty("Created") long created,
      @JsonProperty("Id") String id,
      @JsonProperty("Labels") Map<String, String> labels,
      @JsonProperty("ParentId") String parentId,
      @JsonProperty("RepoDigests") List<String> repoDigests,
      @JsonProperty("RepoTags") List<String> repoTags,
      @JsonProperty("SharedSize") long sharedSize,
      @JsonProperty("Size") long size) {}

  /** {@code GET /images/{name}/json}. */
  public record Inspect(
      @JsonProperty("Id") String id,
      @JsonProperty("RepoTags") List<String> repoTags,
      @JsonProperty("RepoDigests") List<String> repoDigests,
      @JsonProperty("Parent") String parent,
      @JsonProperty("Comment") String comment,
      @JsonProperty("Created") String created,
      @JsonProperty("Container") String container,
      @JsonProperty("ContainerConfig") ContainerConfig containerConfig,
      @JsonProperty("DockerVersion") String dockerVersion,
      @JsonProperty("Author") String author,
      @JsonProperty("Config") ContainerConfig config,
      @JsonProperty("Architecture") String architecture,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Variant") String variant,
      @JsonProperty("Os") String os,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("OsVersion") String osVersion,
      @JsonProperty("Size") long size,
      @JsonProperty("GraphDriver") GraphDriver graphDriver,
      @JsonProperty("RootFS") RootFs rootFs,
      @JsonProperty("Metadata") Metadata metadata) {}

  public record GraphDriver(@JsonProperty("Data") Map<String, String> data, @JsonProperty("Name") String name) {}

  public record RootFs(@JsonProperty("Type") String type, @JsonProperty("Layers") List<String> layers) {}

  public record Metadata(@JsonProperty("LastTagTime") String lastTagTime) {}

  /** An item of {@code GET /images/{name}/history}, newest first. */
  public record History(
      @JsonProperty("Id") String id,
      @JsonProperty("Created") long created,
      @JsonProperty("CreatedBy") String createdBy,
      @JsonProperty("Tags") List<String> tags,
      @JsonProperty("Size") long size,
      @JsonProperty("Comment") String comment) {}

  /** An item of the {@code DELETE /images/{name}} reply: exactly one of the two is set. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Deleted(@JsonProperty("Untagged") String untagged, @JsonProperty("Deleted") String deleted) {
    static Deleted untagged(String ref) {
      return new Deleted(ref, null);
    }

    static Deleted deleted(String id) {
      return new Deleted(null, id);
    }
  }

  /** {@code POST /images/prune}. */
  public record PruneReport(
      @JsonProperty("ImagesDeleted") List<Deleted> imagesDeleted,
      @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}
}
