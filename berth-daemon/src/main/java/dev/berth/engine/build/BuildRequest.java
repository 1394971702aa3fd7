package dev.berth.engine.build;

import dev.berth.model.HostConfig;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code POST /build} (classic builder).
 *
 * @param tags the {@code t} parameters, as given
 * @param dockerfile the {@code dockerfile} parameter (a path inside the context), or empty for {@code Dockerfile}
 * @param buildArgs {@code buildargs}; a null value means "take it from the daemon's environment" (unset here)
 * @param labels {@code labels} added to the final image
 * @param quiet {@code q}: only the image ID is streamed
 * @param memory {@code memory} for RUN containers (bytes, 0 = unlimited); likewise the other resources
 */
public record BuildRequest(List<String> tags, String dockerfile, Map<String, String> buildArgs,
    Map<String, String> labels, boolean quiet, boolean noCache, boolean rm, boolean forceRm, boolean pull,
    String target, String networkMode, List<String> cacheFrom, long shmSize, long memory, long memorySwap,
    long cpuShares, String cpusetCpus, long cpuPeriod, long cpuQuota, List<HostConfig.Ulimit> ulimits,
    List<String> extraHosts, String platform, String remote) {
  public BuildRequest {
    tags = List.copyOf(tags);
    buildArgs = buildArgs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    cacheFrom = List.copyOf(cacheFrom);
    ulimits = List.copyOf(ulimits);
    extraHosts = List.copyOf(extraHosts);
    dockerfile = dockerfile == null ? "" : dockerfile;
    target = target == null ? "" : target;
    networkMode = networkMode == null ? "" : networkMode;
    platform = platform == null ? "" : platform;
    remote = remote == null ? "" : remote;
    cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
  }
}
