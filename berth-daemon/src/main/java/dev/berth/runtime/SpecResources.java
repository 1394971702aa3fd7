package dev.berth.runtime;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.HostConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code linux.resources} and {@code linux.devices} with dockerd's rules (moby daemon/oci_linux.go
 * {@code WithResources}, {@code WithDevices}; daemon/pkg/oci/defaults.go device cgroup).
 */
final class SpecResources {
  private static final long DEFAULT_CPU_PERIOD = 100_000;
  private static final Pattern CGROUP_RULE = Pattern.compile("^([acb]) ([0-9]+|\\*):([0-9]+|\\*) ([rwm]{1,3})$");

  private SpecResources() {}

  /** The resources object; devices is the device cgroup list from {@link #deviceRules}. */
  static Map<String, Object> resources(HostConfig hc, List<Map<String, Object>> deviceRules) {
    var r = new LinkedHashMap<String, Object>();
    r.put("devices", deviceRules);
    if (hc == null) return r;
    var memory = new LinkedHashMap<String, Object>();
    if (hc.memory() > 0) memory.put("limit", hc.memory());
    if (hc.memoryReservation() > 0) memory.put("reservation", hc.memoryReservation());
    long swap = hc.memorySwap();
    if (swap == 0 && hc.memory() > 0) swap = hc.memory() * 2; // dockerd's adaptContainerSettings default
    if (swap > 0 || swap == -1) memory.put("swap", swap);
    if (hc.memorySwappiness() != null && hc.memorySwappiness() >= 0) memory.put("swappiness", hc.memorySwappiness());
    if (hc.oomKillDisable() != null) memory.put("disableOOMKiller", hc.oomKillDisable());
    if (!memory.isEmpty()) r.put("memory", memory);

    var cpu = new LinkedHashMap<String, Object>();
    if (hc.cpuShares() < 0) throw new InvalidArgument("shares: invalid argument");
    if (hc.cpuShares() > 0) cpu.put("shares", hc.cpuShares());
    if (hc.cpusetCpus() != null && !hc.cpusetCpus().isEmpty()) cpu.put("cpus", hc.cpusetCpus());
    if (hc.cpusetMems() != null && !hc.cpusetMems().isEmpty()) cpu.put("mems", hc.cpusetMems());
    if (hc.nanoCpus() > 0) {
      cpu.put("period", DEFAULT_CPU_PERIOD);
      cpu.put("quota", hc.nanoCpus() * DEFAULT_CPU_PERIOD / 1_000_000_000L);
    }
    if (hc.cpuPeriod() != 0) cpu.put("period", hc.cpuPeriod());
    if (hc.cpuQuota() != 0) cpu.put("quota", hc.cpuQuota());
    if (hc.cpuRealtimePeriod() != 0) cpu.put("realtimePeriod", hc.cpuRealtimePeriod());
    if (hc.cpuRealtimeRuntime() != 0) cpu.put("realtimeRuntime", hc.cpuRealtimeRuntime());
    if (!cpu.isEmpty()) r.put("cpu", cpu);

    if (hc.pidsLimit() != null) r.put("pids", Map.of("limit", hc.pidsLimit() <= 0 ? -1L : hc.pidsLimit()));
    if (hc.blkioWeight() > 0) r.put("blockIO", Map.of("weight", hc.blkioWeight()));
    return r;
  }

  /** Device nodes to create: all host devices when privileged, else the {@code --device} mappings. */
  static List<Map<String, Object>> devices(HostConfig hc, KernelFacts host) {
    var out = new ArrayList<Map<String, Object>>();
    boolean privileged = hc != null && hc.privileged();
    if (privileged) for (var d : host.hostDevices()) out.add(d.toSpec());
    for (var mapping : mappings(hc)) {
      if (privileged && mapping.pathOnHost().equals(target(mapping))) continue; // already there
      out.add(node(mapping, host).toSpec());
    }
    return out;
  }

  /** The device cgroup: allow all when privileged, else dockerd's defaults plus mappings and rules. */
  static List<Map<String, Object>> deviceRules(HostConfig hc, KernelFacts host) {
    var rules = new ArrayList<Map<String, Object>>();
    if (hc != null && hc.privileged()) {
      rules.add(rule(true, null, null, null, "rwm"));
      return rules;
    }
    rules.add(rule(false, null, null, null, "rwm"));
    rules.add(rule(true, "c", 1L, 5L, "rwm")); // zero
    rules.add(rule(true, "c", 1L, 3L, "rwm")); // null
    rules.add(rule(true, "c", 1L, 9L, "rwm")); // urandom
    rules.add(rule(true, "c", 1L, 8L, "rwm")); // random
    rules.add(rule(true, "c", 5L, 0L, "rwm")); // tty
    rules.add(rule(true, "c", 5L, 1L, "rwm")); // console
    rules.add(rule(false, "c", 10L, 229L, "rwm")); // fuse
    for (var mapping : mappings(hc)) {
      var d = node(mapping, host);
      var perms = mapping.cgroupPermissions() == null || mapping.cgroupPermissions().isEmpty()
          ? "rwm" : mapping.cgroupPermissions();
      rules.add(rule(true, d.type(), d.major(), d.minor(), perms));
    }
    if (hc != null && hc.deviceCgroupRules() != null) {
      for (var text : hc.deviceCgroupRules()) {
        var m = CGROUP_RULE.matcher(text);
        if (!m.matches()) throw new InvalidArgument("invalid device cgroup rule format: '" + text + "'");
        Long major = m.group(2).equals("*") ? null : Long.parseLong(m.group(2));
        Long minor = m.group(3).equals("*") ? null : Long.parseLong(m.group(3));
        rules.add(rule(true, m.group(1), major, minor, m.group(4)));
      }
    }
    return rules;
  }

  private static List<HostConfig.DeviceMapping> mappings(HostConfig hc) {
    return hc == null || hc.devices() == null ? List.of() : hc.devices();
  }

  private static String target(HostConfig.DeviceMapping mapping) {
    var t = mapping.pathInContainer();
    return t == null || t.isEmpty() ? mapping.pathOnHost() : t;
  }

  private static DeviceNode node(HostConfig.DeviceMapping mapping, KernelFacts host) {
    try {
      return host.device(mapping.pathOnHost()).at(target(mapping));
    } catch (IOException e) {
      throw new InvalidArgument("error gathering device information while adding custom device \""
          + mapping.pathOnHost() + "\": no such file or directory", e);
    }
  }

  private static Map<String, Object> rule(boolean allow, String type, Long major, Long minor, String access) {
    var m = new LinkedHashMap<String, Object>();
    m.put("allow", allow);
    if (type != null && !type.equals("a")) m.put("type", type);
    if (major != null) m.put("major", major);
    if (minor != null) m.put("minor", minor);
    m.put("access", access);
    return m;
  }
}
