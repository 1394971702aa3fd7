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
      @JsonProperty("Size") long size,
      @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("VirtualSize") Long virtualSize) {

    /**
     * The shape older API versions expect (moby's image router): before 1.43 an image without any
     * reference shows {@code <none>:<none>} and {@code <none>@<none>}; before 1.44 {@code
     * VirtualSize} is present.
     */
    public Summary forOlderApi(boolean noneTags, boolean withVirtualSize) {
      boolean none = noneTags && repoTags.isEmpty() && repoDigests.isEmpty();
      var tags = none ? List.of("<none>:<none>") : repoTags;
      var digests = none ? List.of("<none>@<none>") : repoDigests;
      return new Summary(containers, created, id, labels, parentId, digests, tags, sharedSize, size,
          withVirtualSize ? Long.valueOf(size) : null);
    }
  }

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
      @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("VirtualSize") Long virtualSize,
      @JsonProperty("GraphDriver") GraphDriver graphDriver,
      @JsonProperty("RootFS") RootFs rootFs,
      @JsonProperty("Metadata") Metadata metadata) {

    /** Before API 1.44 inspect also carries {@code VirtualSize} (= Size). */
    public Inspect withVirtualSize() {
      return new Inspect(id, repoTags, repoDigests, parent, comment, created, container, containerConfig, dockerVersion,
          author, config, architecture, variant, os, osVersion, size, size, graphDriver, rootFs, metadata);
    }
  }

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
