package dev.berth.runtime;

import dev.berth.model.ContainerConfig;
import dev.berth.model.HostConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
 * @param namespacePaths namespaces to join instead of making new ones ({@code "ipc"} or {@code "pid"}
 *     → {@code /proc/<pid>/ns/…} of another container), empty when none
 * @param shmSource a host path bound at /dev/shm instead of a new tmpfs (another container's, for
 *     {@code --ipc container:<id>}), or null
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
    List<MountSpec> mounts,
    Map<String, String> namespacePaths,
    String shmSource) {
  public SpecInput {
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
    namespacePaths = namespacePaths == null ? Map.of() : Map.copyOf(namespacePaths);
  }

  /** A container that joins no other container's IPC or PID namespace. */
  public SpecInput(String id, ContainerConfig config, HostConfig hostConfig, List<String> args, List<String> env,
      String workingDir, String user, Path rootfs, String hostname, Path hostsFile, Path hostnameFile,
      Path resolvConfFile, String netnsPath, String cgroupsPath, List<MountSpec> mounts) {
    this(id, config, hostConfig, args, env, workingDir, user, rootfs, hostname, hostsFile, hostnameFile, resolvConfFile,
        netnsPath, cgroupsPath, mounts, Map.of(), null);
  }
}
