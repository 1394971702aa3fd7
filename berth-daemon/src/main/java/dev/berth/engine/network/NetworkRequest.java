package dev.berth.engine.network;

import dev.berth.model.HostConfig;
import java.util.Map;

/**
 * @param endpointsConfig the create request's {@code NetworkingConfig.EndpointsConfig} as decoded JSON
 *     (network name or id → endpoint settings), may be empty
 * @param exposedPorts the merged {@code Config.ExposedPorts}, may be empty
 */
public record NetworkRequest(
    String containerId,
    String containerName,
    String hostname,
    HostConfig hostConfig,
    Map<String, Object> endpointsConfig,
    Map<String, Object> exposedPorts) {}
