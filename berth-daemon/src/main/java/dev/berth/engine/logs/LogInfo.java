package dev.berth.engine.logs;

import java.util.List;
import java.util.Map;

/**
 * What a log driver knows of its container (moby {@code logger.Info}): the source of the
 * {@code labels}/{@code env} attributes and of the {@code tag} template's fields.
 *
 * @param name the container name without its leading slash
 * @param env {@code KEY=value} entries
 */
public record LogInfo(String containerId, String name, String imageId, String imageName, Map<String, String> labels,
    List<String> env) {
  public LogInfo {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    env = env == null ? List.of() : List.copyOf(env);
  }
}
