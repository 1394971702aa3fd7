package dev.berth.engine.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.model.ContainerConfig;
import java.util.List;
import java.util.Map;

/**
 * A container as stored in {@code <data-root>/containers/<id>/config.v2.json} (its HostConfig is
 * beside it in hostconfig.json). Immutable: every change writes a new record.
 *
 * @param image the image id ({@code sha256:…}); {@code config.image()} keeps the reference as given
 * @param layers the image's layer keys, bottom first, so the rootfs can be mounted without the image
 * @param graphDriver overlay dirs (LowerDir, UpperDir, WorkDir, MergedDir) as inspect shows them
 * @param endpointsConfig the networks the container joins at start (network name → EndpointSettings):
 *     set at create from NetworkMode and {@code NetworkingConfig.EndpointsConfig}, changed by network
 *     connect/disconnect (moby's {@code NetworkSettings.Networks}; see engine.network.ContainerNetworking)
 * @param networkSettings the inspect {@code NetworkSettings} of the last start
 */
record ContainerRecord(
    @JsonProperty("ID") String id,
    @JsonProperty("Created") String created,
    @JsonProperty("Path") String path,
    @JsonProperty("Args") List<String> args,
    @JsonProperty("State") ContainerState state,
    @JsonProperty("Image") String image,
    @JsonProperty("Layers") List<String> layers,
    @JsonProperty("Name") String name,
    @JsonProperty("RestartCount") int restartCount,
    @JsonProperty("Platform") String platform,
    @JsonProperty("HostnamePath") String hostnamePath,
    @JsonProperty("HostsPath") String hostsPath,
    @JsonProperty("ResolvConfPath") String resolvConfPath,
    @JsonProperty("LogPath") String logPath,
    @JsonProperty("GraphDriver") Map<String, String> graphDriver,
    @JsonProperty("EndpointsConfig") Map<String, Object> endpointsConfig,
    @JsonProperty("NetworkSettings") Map<String, Object> networkSettings,
    @JsonProperty("Config") ContainerConfig config) {

  ContainerRecord {
    args = args == null ? List.of() : List.copyOf(args);
    layers = layers == null ? List.of() : List.copyOf(layers);
    graphDriver = graphDriver == null ? Map.of() : Map.copyOf(graphDriver);
    endpointsConfig = endpointsConfig == null ? Map.of() : endpointsConfig;
    networkSettings = networkSettings == null ? Map.of() : networkSettings;
  }

  ContainerRecord withState(ContainerState s) {
    return new ContainerRecord(id, created, path, args, s, image, layers, name, restartCount, platform, hostnamePath,
        hostsPath, resolvConfPath, logPath, graphDriver, endpointsConfig, networkSettings, config);
  }

  ContainerRecord withName(String n) {
    return new ContainerRecord(id, created, path, args, state, image, layers, n, restartCount, platform, hostnamePath,
        hostsPath, resolvConfPath, logPath, graphDriver, endpointsConfig, networkSettings, config);
  }

  ContainerRecord withNetworkSettings(Map<String, Object> ns) {
    return new ContainerRecord(id, created, path, args, state, image, layers, name, restartCount, platform, hostnamePath,
        hostsPath, resolvConfPath, logPath, graphDriver, endpointsConfig, ns, config);
  }

  ContainerRecord withEndpointsConfig(Map<String, Object> ec) {
    return new ContainerRecord(id, created, path, args, state, image, layers, name, restartCount, platform, hostnamePath,
        hostsPath, resolvConfPath, logPath, graphDriver, ec, networkSettings, config);
  }

  ContainerRecord withRestartCount(int count) {
    return new ContainerRecord(id, created, path, args, state, image, layers, name, count, platform, hostnamePath,
        hostsPath, resolvConfPath, logPath, graphDriver, endpointsConfig, networkSettings, config);
  }

  /**
   * Written with every record: its {@code EndpointsConfig} holds all the networks the container
   * joins, its NetworkMode's included. Records of Berth before that (without the key) held only the
   * networks connected besides it; {@link LegacyNetworks} completes them when they are read.
   */
  @JsonProperty("NetworksComplete")
  boolean networksComplete() {
    return true;
  }

  /** The name without its leading slash, as events and errors show it. */
  String shortName() {
    return name.startsWith("/") ? name.substring(1) : name;
  }
}
