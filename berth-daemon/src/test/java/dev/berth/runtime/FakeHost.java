package dev.berth.runtime;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Fixed host facts for spec tests. */
record FakeHost(long maxOpenFiles, int lastCap, long boundingSet, boolean cgroupV2, List<String> thermalThrottlePaths, Map<String, DeviceNode> nodes)
    implements KernelFacts {
  static FakeHost standard() {
    return new FakeHost(1_048_576, 40, -1L, false, List.of("/sys/devices/system/cpu/cpu0/thermal_throttle"),
        Map.of("/dev/fuse", new DeviceNode("/dev/fuse", "c", 10, 229, 0666, 0, 0),
            "/dev/sda", new DeviceNode("/dev/sda", "b", 8, 0, 0660, 0, 6)));
  }

  @Override
  public boolean sysctlExists(String name) {
    return true;
  }

  @Override
  public List<DeviceNode> hostDevices() {
    return nodes.values().stream().sorted((a, b) -> a.path().compareTo(b.path())).toList();
  }

  @Override
  public DeviceNode device(String hostPath) throws IOException {
    var d = nodes.get(hostPath);
    if (d == null) throw new IOException("no such device " + hostPath);
    return d;
  }
}
