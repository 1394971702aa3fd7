package dev.berth.engine.volume;

import dev.berth.model.MountPoint;
import dev.berth.runtime.MountSpec;
import java.util.List;

/**
 * A started container's user mounts: OCI mounts for {@link dev.berth.runtime.SpecInput#mounts()}
 * (shallowest destination first) and {@code Mounts[]} for inspect.
 */
public record ResolvedMounts(List<MountSpec> specs, List<MountPoint> inspectMounts) {
  public ResolvedMounts {
    specs = List.copyOf(specs);
    inspectMounts = List.copyOf(inspectMounts);
  }
}
