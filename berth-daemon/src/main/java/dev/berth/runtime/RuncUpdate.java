package dev.berth.runtime;

import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import dev.berth.model.HostConfig;
import dev.berth.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Applies new limits to a running container with {@code runc update --resources <file>} (the file
 * sits in the container's runtime dir and is removed afterwards), then reads the cgroup files back
 * and logs any the kernel shows differently. Stateless; thread-safe.
 */
final class RuncUpdate {
  private static final System.Logger LOG = System.getLogger(RuncUpdate.class.getName());

  private final Runc runc;
  private final CgroupFiles cgroups;

  RuncUpdate(Runc runc, CgroupFiles cgroups) {
    this.runc = runc;
    this.cgroups = cgroups;
  }

  /**
   * @param runtimeDir the container's dir under the exec root (written to)
   * @param cgroupsPath the container's cgroup, or null when unknown (no read-back then)
   * @throws SystemError with runc's message when it refuses
   */
  void apply(String id, Path runtimeDir, String cgroupsPath, HostConfig requested) {
    boolean swapLimit = cgroupsPath != null && (cgroups.v2()
        ? cgroups.read(cgroupsPath, "", "memory.swap.max") != null
        : cgroups.read(cgroupsPath, "memory", "memory.memsw.limit_in_bytes") != null);
    var resources = CgroupUpdate.resources(requested, swapLimit);
    if (resources.isEmpty()) return;
    var file = runtimeDir.resolve("update-resources.json");
    try {
      Files.write(file, Json.mapper().writeValueAsBytes(resources));
    } catch (IOException e) {
      throw new SystemError("cannot write the resources for runc update: " + e.getMessage(), e);
    }
    try {
      var r = runc.run("update", "--resources", file.toString(), id);
      if (!r.ok()) {
        var message = r.message();
        if (message.contains("does not exist")) throw NotFound.container(id);
        throw new SystemError(message);
      }
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover file is rewritten by the next update and removed with the container
      }
    }
    if (cgroupsPath == null) return;
    var expected = cgroups.v2() ? CgroupUpdate.v2Files(resources) : CgroupUpdate.v1Files(resources);
    var wrong = cgroups.mismatches(cgroupsPath, expected);
    if (!wrong.isEmpty()) LOG.log(System.Logger.Level.WARNING, "runc update " + id + " left " + wrong);
  }
}
