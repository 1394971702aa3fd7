package dev.berth.runtime;

import java.io.IOException;
import java.util.List;

/**
 * The few host facts a container's spec depends on (dockerd reads the same ones). Kept behind an
 * interface so {@link OciSpecBuilder} stays a pure function in tests; {@link #probe()} reads the
 * real host.
 */
public interface KernelFacts {
  /**
   * The hard RLIMIT_NOFILE the daemon may hand on (its own hard limit): dockerd's containers inherit
   * containerd's 1048576, but a process without CAP_SYS_RESOURCE cannot raise a limit above its own.
   */
  long maxOpenFiles();

  /** {@code /proc/sys/kernel/cap_last_cap}. */
  int lastCap();

  /**
   * The daemon's capability bounding set ({@code CapBnd}); a container can get no capability
   * outside it, so "all capabilities" means these (dockerd's GetAllCapabilities does the same).
   */
  long boundingSet();

  /** Whether {@code /sys/fs/cgroup} is the unified (v2) hierarchy. */
  boolean cgroupV2();

  /** {@code /sys/devices/system/cpu/cpuN/thermal_throttle} paths that exist (masked, as dockerd does). */
  List<String> thermalThrottlePaths();

  /** Whether {@code /proc/sys/<name with dots as slashes>} exists. */
  boolean sysctlExists(String name);

  /** Every device under the host's /dev, for privileged containers. */
  List<DeviceNode> hostDevices();

  /**
   * The device node at {@code hostPath}, for {@code --device}.
   *
   * @throws IOException when it is missing or not a device
   */
  DeviceNode device(String hostPath) throws IOException;

  static KernelFacts probe() {
    return new LinuxKernelFacts();
  }
}
