package dev.berth.engine.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.engine.network.ContainerNetworking;
import dev.berth.model.HostConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Completes a container record written before Berth kept the NetworkMode's network in the
 * record's networks: such a record held only the networks connected besides it, and the container
 * joined its NetworkMode's network implicitly at every start. Reading it adds that network (named
 * as create names it now), so it starts as it did before.
 */
final class LegacyNetworks {
  /** The one key read to tell a complete record from an older one. */
  record Marker(@JsonProperty("NetworksComplete") boolean complete) {}

  private final ContainerNetworking networking;

  LegacyNetworks(ContainerNetworking networking) {
    this.networking = networking;
  }

  ContainerRecord complete(ContainerRecord record, HostConfig hostConfig) {
    return record.withEndpointsConfig(complete(networking.networksAtCreate(hostConfig.networkMode(), Map.of()),
        record.endpointsConfig()));
  }

  /**
   * The mode's network first (with the settings stored for it, if any; the CLI may have sent them
   * under {@code default}), then the others as stored, {@code default} read as {@code bridge}.
   */
  static Map<String, Object> complete(Map<String, Object> modeNetwork, Map<String, Object> stored) {
    var out = new LinkedHashMap<String, Object>();
    modeNetwork.keySet().forEach(name -> {
      var settings = stored.get(name);
      if (settings == null && name.equals("bridge")) settings = stored.get("default");
      out.put(name, settings == null ? Map.of() : settings);
    });
    stored.forEach((key, settings) -> out.putIfAbsent(key.equals("default") ? "bridge" : key, settings));
    return out;
  }
}
