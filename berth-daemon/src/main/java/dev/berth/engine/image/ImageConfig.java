package dev.berth.engine.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.content.Digest;
import dev.berth.model.ContainerConfig;
import java.util.List;

/**
 * The parts of an image config (Docker image JSON / OCI image config) the daemon reads. The
 * config's bytes stay as stored: the image ID is their digest, so this is never re-serialized to
 * make an ID.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageConfig(
    @JsonProperty("architecture") String architecture,
    @JsonProperty("os") String os,
    @JsonProperty("variant") String variant,
    @JsonProperty("os.version") String osVersion,
    @JsonProperty("created") String created,
    @JsonProperty("author") String author,
    @JsonProperty("comment") String comment,
    @JsonProperty("docker_version") String dockerVersion,
    @JsonProperty("container") String container,
    @JsonProperty("config") ContainerConfig config,
    @JsonProperty("container_config") ContainerConfig containerConfig,
    @JsonProperty("rootfs") RootFs rootfs,
    @JsonProperty("history") List<History> history) {

  public List<Digest> diffIds() {
    return rootfs == null || rootfs.diffIds() == null ? List.of() : rootfs.diffIds();
  }

  public ContainerConfig configOrEmpty() {
    return config == null ? ContainerConfig.empty() : config;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RootFs(@JsonProperty("type") String type, @JsonProperty("diff_ids") List<Digest> diffIds) {}

  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  public record History(
      @JsonProperty("created") String created,
      @JsonProperty("created_by") String createdBy,
      @JsonProperty("author") String author,
      @JsonProperty("comment") String comment,
      @JsonProperty("empty_layer") boolean emptyLayer) {}
}
