package dev.berth.runtime;

import dev.berth.model.ContainerConfig;
import dev.berth.model.HostConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@link OciSpecBuilder} needs to compute a container's OCI spec. A pure value.
 *
 * @param args the process args, entrypoint and cmd already merged with the image's
 * @param env the merged environment ({@code KEY=value}), PATH and HOSTNAME included
 * @param user {@code user[:group]} as given (names resolved against {@code rootfs}'s /etc/passwd)
 * @param rootfs the mounted root filesystem
 * @param netnsPath a network namespace to join, or null for a new one (loopback only) unless the
 *     host config's network mode is {@code host}
 * @param cgroupsPath cgroupfs path ({@code /berth/<id>})
 * @param mounts user mounts (binds, volumes, tmpfs), in the order given; empty when none
 */
public record SpecInput(
    String id,
    ContainerConfig config,
    HostConfig hostConfig,
    List<String> args,
    List<String> env,
    String workingDir,
    String user,
    Path rootfs,
    String hostname,
    Path hostsFile,
    Path hostnameFile,
    Path resolvConfFile,
    String netnsPath,
    String cgroupsPath,
    List<MountSpec> mounts) {
  public SpecInput {
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
  }
}
