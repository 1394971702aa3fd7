package dev.berth.runtime;

import dev.berth.model.HostConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Computes a container's OCI runtime spec (config.json) from a {@link SpecInput}, with dockerd's
 * defaults (moby daemon/pkg/oci/defaults.go, daemon/oci_linux.go). Pure apart from reading the
 * rootfs's /etc/passwd and /etc/group (confined to the rootfs) and the injected {@link KernelFacts}.
 * The result is a JSON-ready tree of maps, lists, strings, numbers and booleans. Thread-safe.
 *
 * <p>Seccomp is dockerd's default allowlist computed per container ({@link SeccompDefault}). Not
 * applied: AppArmor (this host's kernel has none), the time namespace (runc 1.1 lacks it),
 * userns-remap.
 */
public final class OciSpecBuilder {
  static final String OCI_VERSION = "1.0.2-dev";
  static final long DEFAULT_NOFILE = 1_048_576;
  private static final List<String> DEFAULT_READONLY_PATHS =
      List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
  private static final List<String> DEFAULT_MASKED_PATHS = List.of(
      "/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
      "/proc/sched_debug", "/proc/scsi", "/proc/timer_list", "/proc/timer_stats", "/sys/devices/virtual/powercap",
      "/sys/firmware");
  private static final List<String> PRIVATE_NET_SYSCTLS =
      List.of("net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start");

  private final KernelFacts host;

  public OciSpecBuilder(KernelFacts host) {
    this.host = host;
  }

  /**
   * @throws dev.berth.engine.error.InvalidArgument for bad capabilities, device rules or modes
   * @throws dev.berth.engine.error.SystemError for an unknown user or group, with runc's text
   */
  public Map<String, Object> build(SpecInput in) {
    var hc = in.hostConfig();
    var spec = new LinkedHashMap<String, Object>();
    spec.put("ociVersion", OCI_VERSION);
    var caps = Capabilities.tweak(
        hc == null ? null : hc.capAdd(), hc == null ? null : hc.capDrop(), hc != null && hc.privileged(),
        host.lastCap(), host.boundingSet());
    spec.put("process", process(in, hc, caps));
    spec.put("root", Map.of("path", in.rootfs().toString(), "readonly", hc != null && hc.readonlyRootfs()));
    boolean hostUts = hc != null && "host".equals(hc.utsMode());
    if (!hostUts) {
      spec.put("hostname", in.hostname() == null ? "" : in.hostname());
      var domain = in.config() == null ? null : in.config().domainname();
      if (domain != null && !domain.isEmpty()) spec.put("domainname", domain);
    }
    spec.put("mounts", SpecMounts.build(in));
    var linux = linux(in, hc, hostUts);
    Seccomp.select(hc, caps).ifPresent(profile -> linux.put("seccomp", profile));
    spec.put("linux", linux);
    return spec;
  }

  private Map<String, Object> process(SpecInput in, HostConfig hc, List<String> caps) {
    var p = new LinkedHashMap<String, Object>();
    boolean tty = in.config() != null && in.config().tty();
    p.put("terminal", tty);
    if (tty && hc != null && hc.consoleSize() != null && hc.consoleSize().size() == 2
        && hc.consoleSize().get(0) > 0 && hc.consoleSize().get(1) > 0) {
      p.put("consoleSize", Map.of("height", hc.consoleSize().get(0), "width", hc.consoleSize().get(1)));
    }
    var user = UserResolver.resolve(in.rootfs(), in.user(), hc == null ? null : hc.groupAdd());
    var u = new LinkedHashMap<String, Object>();
    u.put("uid", user.uid());
    u.put("gid", user.gid());
    u.put("additionalGids", user.additionalGids());
    p.put("user", u);
    p.put("args", List.copyOf(in.args()));
    p.put("env", env(in.env(), tty));
    var cwd = in.workingDir();
    p.put("cwd", cwd == null || cwd.isEmpty() ? "/" : cwd);
    var capabilities = new LinkedHashMap<String, Object>();
    capabilities.put("bounding", caps);
    capabilities.put("effective", caps);
    capabilities.put("permitted", caps);
    p.put("capabilities", capabilities); // inheritable stays empty (GHSA-2mm7-x5h6-5pvq)
    p.put("rlimits", rlimits(hc));
    if (noNewPrivileges(hc)) p.put("noNewPrivileges", true);
    p.put("oomScoreAdj", hc == null ? 0 : hc.oomScoreAdj());
    return p;
  }

  private static List<String> env(List<String> env, boolean tty) {
    var out = new ArrayList<>(env == null ? List.<String>of() : env);
    if (tty && out.stream().noneMatch(e -> e.startsWith("TERM="))) out.add("TERM=xterm");
    return out;
  }

  /**
   * RLIMIT_NOFILE 1048576 (what dockerd's containers get from containerd), capped at the daemon's
   * own hard limit, then the container's ulimits.
   */
  private List<Map<String, Object>> rlimits(HostConfig hc) {
    var byType = new LinkedHashMap<String, Map<String, Object>>();
    long nofile = Math.min(DEFAULT_NOFILE, host.maxOpenFiles());
    byType.put("RLIMIT_NOFILE", rlimit("RLIMIT_NOFILE", nofile, nofile));
    if (hc != null && hc.ulimits() != null) {
      for (var ul : hc.ulimits()) {
        var type = "RLIMIT_" + ul.name().toUpperCase(Locale.ROOT);
        byType.put(type, rlimit(type, ul.soft(), ul.hard()));
      }
    }
    return new ArrayList<>(byType.values());
  }

  private static Map<String, Object> rlimit(String type, long soft, long hard) {
    var m = new LinkedHashMap<String, Object>();
    m.put("type", type);
    m.put("hard", hard);
    m.put("soft", soft);
    return m;
  }

  /** {@code no-new-privileges}, {@code no-new-privileges=true} or the deprecated {@code :} form. */
  static boolean noNewPrivileges(HostConfig hc) {
    boolean on = false;
    if (hc == null || hc.securityOpt() == null) return false;
    for (var opt : hc.securityOpt()) {
      var o = opt.strip();
      if (o.equals("no-new-privileges")) on = true;
      else if (o.startsWith("no-new-privileges=") || o.startsWith("no-new-privileges:")) {
        on = Boolean.parseBoolean(o.substring("no-new-privileges=".length()));
      }
    }
    return on;
  }

  private LinkedHashMap<String, Object> linux(SpecInput in, HostConfig hc, boolean hostUts) {
    var linux = new LinkedHashMap<String, Object>();
    boolean privileged = hc != null && hc.privileged();
    var rules = SpecResources.deviceRules(hc, host);
    linux.put("resources", SpecResources.resources(hc, rules));
    linux.put("cgroupsPath", in.cgroupsPath());
    linux.put("namespaces", namespaces(in, hc, hostUts));
    linux.put("devices", SpecResources.devices(hc, host));
    var sysctl = new LinkedHashMap<String, String>();
    if (privateNetwork(hc)) {
      for (var name : PRIVATE_NET_SYSCTLS) {
        if (host.sysctlExists(name)) sysctl.put(name, name.endsWith("ping_group_range") ? "0 2147483647" : "0");
      }
    }
    if (hc != null && hc.sysctls() != null) sysctl.putAll(hc.sysctls());
    linux.put("sysctl", sysctl);
    rootfsPropagation(in.mounts()).ifPresent(p -> linux.put("rootfsPropagation", p));
    if (!privileged) {
      if (hc != null && hc.maskedPaths() != null) {
        linux.put("maskedPaths", List.copyOf(hc.maskedPaths()));
      } else {
        var masked = new ArrayList<>(DEFAULT_MASKED_PATHS);
        masked.addAll(host.thermalThrottlePaths());
        linux.put("maskedPaths", masked);
      }
      linux.put("readonlyPaths",
          hc != null && hc.readonlyPaths() != null ? List.copyOf(hc.readonlyPaths()) : DEFAULT_READONLY_PATHS);
    }
    return linux;
  }

  /**
   * moby's WithMounts: a shared bind makes the rootfs "shared" (else its mounts could not propagate
   * out), a slave bind makes it "rslave" unless already shared; otherwise runc's default (private).
   */
  static java.util.Optional<String> rootfsPropagation(List<MountSpec> mounts) {
    String out = null;
    for (var m : mounts) {
      for (var o : m.options()) {
        if (o.equals("shared") || o.equals("rshared")) return java.util.Optional.of("shared");
        if (o.equals("slave") || o.equals("rslave")) out = "rslave";
      }
    }
    return java.util.Optional.ofNullable(out);
  }

  /** A new namespace of {@code type}, or the one {@code --ipc/--pid container:<id>} joins. */
  private static Map<String, Object> namespace(String type, SpecInput in) {
    var path = in.namespacePaths().get(type);
    return path == null ? Map.of("type", type) : Map.of("type", type, "path", path);
  }

  private static boolean privateNetwork(HostConfig hc) {
    var mode = hc == null || hc.networkMode() == null ? "" : hc.networkMode();
    return !mode.equals("host") && !mode.startsWith("container:");
  }

  private List<Map<String, Object>> namespaces(SpecInput in, HostConfig hc, boolean hostUts) {
    var out = new ArrayList<Map<String, Object>>();
    out.add(Map.of("type", "mount"));
    var netMode = hc == null || hc.networkMode() == null ? "" : hc.networkMode();
    boolean networkDisabled = in.config() != null && Boolean.TRUE.equals(in.config().networkDisabled());
    if (networkDisabled || in.netnsPath() == null) {
      if (networkDisabled || !netMode.equals("host")) out.add(Map.of("type", "network"));
    } else {
      out.add(Map.of("type", "network", "path", in.netnsPath()));
    }
    if (!hostUts) out.add(Map.of("type", "uts"));
    if (hc == null || !"host".equals(hc.pidMode())) out.add(namespace("pid", in));
    if (hc == null || !"host".equals(hc.ipcMode())) out.add(namespace("ipc", in));
    var cgroupns = hc == null || hc.cgroupnsMode() == null ? "" : hc.cgroupnsMode();
    if (cgroupns.equals("private") || (cgroupns.isEmpty() && host.cgroupV2())) out.add(Map.of("type", "cgroup"));
    return out;
  }
}
