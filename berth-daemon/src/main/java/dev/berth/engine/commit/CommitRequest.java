package dev.berth.engine.commit;

import dev.berth.model.ContainerConfig;
import java.util.List;

/**
 * What to commit and how. {@link #cli} is {@code POST /commit}; {@link #buildStep} is for a
 * builder that computed the image config itself.
 *
 * @param repo repository to tag, may be empty (no tag)
 * @param tag tag, may be empty ({@code latest} when repo is given)
 * @param comment the history entry's comment ({@code -m})
 * @param author the image author ({@code -a})
 * @param pause freeze a running container while its layer is read (moby's default: true)
 * @param changes Dockerfile instructions applied to the config ({@code -c})
 * @param config config overrides from the request body, merged over the container's config as
 *     dockerd merges them; null for the container's own
 * @param imageConfig a complete image config the caller computed: used as is (no changes, no
 *     merge); null to compute it from {@code config} and {@code changes}
 * @param containerConfig the image's {@code container_config}; null for the container's config
 * @param createdBy the history entry's {@code created_by}; null for the container's Cmd joined by spaces
 * @param metadataOnly add no layer at all (the container's files are not read): a builder's
 *     metadata step, recorded with {@code empty_layer} like an empty diff
 * @param buildStep a builder's step (moby {@code CommitBuildStep}): no pause, no state checks and
 *     no container {@code commit} event
 */
public record CommitRequest(String repo, String tag, String comment, String author, boolean pause, List<String> changes,
    ContainerConfig config, ContainerConfig imageConfig, ContainerConfig containerConfig, String createdBy,
    boolean metadataOnly, boolean buildStep) {
  public CommitRequest {
    repo = repo == null ? "" : repo;
    tag = tag == null ? "" : tag;
    comment = comment == null ? "" : comment;
    author = author == null ? "" : author;
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  /** {@code docker commit}: {@code POST /commit} parameters and body. */
  public static CommitRequest cli(String repo, String tag, String comment, String author, boolean pause,
      List<String> changes, ContainerConfig config) {
    return new CommitRequest(repo, tag, comment, author, pause, changes, config, null, null, null, false, false);
  }

  /**
   * A builder's step: {@code imageConfig} is the new image's config, {@code containerConfig} its
   * {@code container_config} (may be null), {@code createdBy} the history text (e.g.
   * {@code |1 A=b /bin/sh -c make} or {@code /bin/sh -c #(nop)  ENV A=b}).
   */
  public static CommitRequest buildStep(ContainerConfig imageConfig, ContainerConfig containerConfig, String author,
      String comment, String createdBy, boolean metadataOnly) {
    return new CommitRequest("", "", comment, author, false, List.of(), null, imageConfig, containerConfig, createdBy,
        metadataOnly, true);
  }
}
