package dev.berth.engine.image;

import dev.berth.model.ContainerConfig;
import java.util.List;

/**
 * An image in the local store, as the container service needs it.
 *
 * @param id {@code sha256:<64 hex>} (the config digest)
 * @param repoTags familiar tags pointing at it ({@code busybox:latest}), may be empty
 * @param config the image's container config (Env, Cmd, Entrypoint, WorkingDir, User, …); never null
 * @param layers the layer store keys of its layers, bottom first, as {@link dev.berth.snapshot} takes them
 */
public record LocalImage(String id, List<String> repoTags, ContainerConfig config, List<String> layers, String os, String architecture) {
  public LocalImage {
    repoTags = List.copyOf(repoTags);
    layers = List.copyOf(layers);
  }
}
