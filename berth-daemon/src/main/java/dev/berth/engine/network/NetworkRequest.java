package dev.berth.engine.network;

import dev.berth.model.HostConfig;
import java.util.List;
import java.util.Map;

/**
 * @param endpointsConfig the networks the container joins, with their endpoint settings as decoded
 *     JSON (network name or id → EndpointSettings): {@link ContainerNetworking#networksAtCreate} at
 *     first, as changed by network connect/disconnect since; empty means loopback only
 * @param exposedPorts the merged {@code Config.ExposedPorts}, may be empty
 * @param env the container's {@code Config.Env} (containers linking to it see it), may be empty
 */
public record NetworkRequest(
    String containerId,
    String containerName,
    String hostname,
    HostConfig hostConfig,
    Map<String, Object> endpointsConfig,
    Map<String, Object> exposedPorts,
    List<String> env) {}
