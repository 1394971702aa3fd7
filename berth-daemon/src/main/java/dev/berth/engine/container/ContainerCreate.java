package dev.berth.engine.container;

import dev.berth.model.ContainerConfig;
import dev.berth.model.HostConfig;
import java.util.Map;

/**
 * A {@code POST /containers/create} request.
 *
 * @param name the {@code name} parameter, or empty for a generated one
 * @param endpointsConfig {@code NetworkingConfig.EndpointsConfig} as decoded JSON, may be empty
 */
public record ContainerCreate(String name, ContainerConfig config, HostConfig hostConfig, Map<String, Object> endpointsConfig) {
  public ContainerCreate {
    name = name == null ? "" : name;
    endpointsConfig = endpointsConfig == null ? Map.of() : endpointsConfig;
  }
}
