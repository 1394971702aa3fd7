package dev.berth.engine.system;

import dev.berth.model.SystemInfo;
import dev.berth.model.SystemVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code /version} and {@code /info} with true figures: host facts read at start, counts asked of
 * the container and image services per call, the rest from the daemon's configuration.
 * Thread-safe.
 */
public final class SystemService {
  public static final String API_VERSION = "1.44";
  public static final String MIN_API_VERSION = "1.24";
  private static final DateTimeFormatter RFC3339_NANO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnnXXX").withZone(ZoneOffset.UTC);

  private final BuildInfo build;
  private final HostFacts host;
  private final String engineId;
  private volatile InfoSettings settings;
  private final ContainerCounts containers;
  private final ImageCounts images;
  private final Path procRoot;
  private final Supplier<RuntimeVersion> runtimeVersion;

  public SystemService(BuildInfo build, HostFacts host, String engineId, InfoSettings settings,
      ContainerCounts containers, ImageCounts images) {
    this(build, host, engineId, settings, containers, images, Path.of("/"));
  }

  SystemService(BuildInfo build, HostFacts host, String engineId, InfoSettings settings,
      ContainerCounts containers, ImageCounts images, Path procRoot) {
    this.build = build;
    this.host = host;
    this.engineId = engineId;
    this.settings = settings;
    this.containers = containers;
    this.images = images;
    this.procRoot = procRoot;
    this.runtimeVersion = memoize(() -> RuntimeVersion.probe(settings.defaultRuntime(),
        settings.runtimes().getOrDefault(settings.defaultRuntime(), settings.defaultRuntime())));
  }

  private static <T> Supplier<T> memoize(Supplier<T> s) {
    var cell = new java.util.concurrent.atomic.AtomicReference<T>();
    return () -> {
      var v = cell.get();
      if (v == null) {
        v = s.get();
        cell.compareAndSet(null, v);
      }
      return v;
    };
  }

  /** The daemon reloaded its configuration (SIGHUP): /info shows the new debug flag, labels, registries. */
  public void reload(InfoSettings next) {
    this.settings = next;
  }

  public BuildInfo build() {
    return build;
  }

  public SystemVersion version() {
    var details = new TreeMap<String, String>();
    details.put("ApiVersion", API_VERSION);
    details.put("Arch", host.goArch());
    details.put("BuildTime", build.buildTime());
    details.put("Experimental", "false");
    details.put("GitCommit", build.gitCommit());
    details.put("GoVersion", goVersion());
    details.put("KernelVersion", host.kernelVersion());
    details.put("MinAPIVersion", MIN_API_VERSION);
    details.put("Os", "linux");
    var engine = new SystemVersion.Component("Engine", build.version(), details);
    var components = new ArrayList<SystemVersion.Component>(List.of(engine));
    var runtime = runtimeVersion.get();
    if (!runtime.version().isEmpty()) {
      components.add(new SystemVersion.Component(runtime.name(), runtime.version(), Map.of("GitCommit", runtime.commit())));
    }
    return new SystemVersion(new SystemVersion.Platform("Berth Engine"), List.copyOf(components), build.version(),
        API_VERSION, MIN_API_VERSION, build.gitCommit(), goVersion(), "linux", host.goArch(),
        host.kernelVersion(), build.buildTime());
  }

  /** The JVM stands where dockerd reports its Go toolchain. */
  static String goVersion() {
    return "java" + Runtime.version();
  }

  public SystemInfo info() {
    var c = containers.counts();
    boolean bridgeNf = flag("proc/sys/net/bridge/bridge-nf-call-iptables");
    boolean bridgeNf6 = flag("proc/sys/net/bridge/bridge-nf-call-ip6tables");
    var warnings = new ArrayList<String>();
    if (!bridgeNf) {
      warnings.add("WARNING: bridge-nf-call-iptables is disabled");
    }
    if (!bridgeNf6) {
      warnings.add("WARNING: bridge-nf-call-ip6tables is disabled");
    }
    boolean v1 = host.cgroupVersion().equals("1");
    var rt = runtimeVersion.get();
    return new SystemInfo(engineId, c.total(), c.running(), c.paused(), c.stopped(), images.images(),
        settings.storageDriver(), driverStatus(),
        new SystemInfo.Plugins(List.of("local"), List.of("bridge", "host", "ipvlan", "macvlan", "null"), null,
            List.of("json-file", "local")),
        exists(v1 ? "sys/fs/cgroup/memory/memory.limit_in_bytes" : "sys/fs/cgroup/cgroup.controllers"),
        exists(v1 ? "sys/fs/cgroup/memory/memory.memsw.limit_in_bytes" : "sys/fs/cgroup/cgroup.controllers"),
        true, true, true, true, true,
        flag("proc/sys/net/ipv4/ip_forward"), bridgeNf, bridgeNf6,
        settings.debug(), openFds(), false, Thread.activeCount(), RFC3339_NANO.format(Instant.now()),
        settings.loggingDriver(), settings.cgroupDriver(), host.cgroupVersion(), 0,
        host.kernelVersion(), host.operatingSystem(), host.osVersion(), "linux", host.architecture(),
        "https://index.docker.io/v1/", registryConfig(), host.ncpu(), host.memTotal(), null,
        settings.dataRoot().toString(), env("HTTP_PROXY"), env("HTTPS_PROXY"), env("NO_PROXY"),
        host.hostname(), settings.labels(), false, build.version(), runtimes(), settings.defaultRuntime(),
        new SystemInfo.Swarm("", "", "inactive", false, "", null), settings.liveRestore(), "", "",
        new SystemInfo.Commit("", ""), new SystemInfo.Commit(rt.commit(), rt.commit()), new SystemInfo.Commit("", ""),
        settings.securityOptions(), List.of(), warnings);
  }

  private Map<String, SystemInfo.Runtime> runtimes() {
    var out = new TreeMap<String, SystemInfo.Runtime>();
    settings.runtimes().forEach((name, path) -> out.put(name, new SystemInfo.Runtime(path, null)));
    return out;
  }

  private SystemInfo.RegistryConfig registryConfig() {
    var cidrs = new ArrayList<String>();
    var indexes = new LinkedHashMap<String, SystemInfo.IndexInfo>();
    indexes.put("docker.io", new SystemInfo.IndexInfo("docker.io", settings.registryMirrors(), true, true));
    for (var r : settings.insecureRegistries()) {
      if (r.contains("/")) {
        cidrs.add(r);
      } else {
        indexes.put(r, new SystemInfo.IndexInfo(r, List.of(), false, false));
      }
    }
    cidrs.add("::1/128");
    cidrs.add("127.0.0.0/8");
    return new SystemInfo.RegistryConfig(List.of(), List.of(), cidrs, indexes, settings.registryMirrors());
  }

  private List<List<String>> driverStatus() {
    return List.of(
        List.of("Backing Filesystem", backingFilesystem()),
        List.of("Supports d_type", "true"),
        List.of("Using metacopy", "false"),
        List.of("Native Overlay Diff", "true"),
        List.of("userxattr", "false"));
  }

  /** The filesystem type of the mount holding the data root, named as dockerd names it. */
  private String backingFilesystem() {
    var root = settings.dataRoot().toAbsolutePath().normalize().toString();
    String best = "";
    String type = "<unknown>";
    try {
      for (var line : Files.readAllLines(procRoot.resolve("proc/self/mounts"))) {
        var f = line.split(" ");
        if (f.length > 2 && (root.equals(f[1]) || root.startsWith(f[1].endsWith("/") ? f[1] : f[1] + "/"))
            && f[1].length() >= best.length()) {
          best = f[1];
          type = f[2];
        }
      }
    } catch (IOException e) {
      return "<unknown>";
    }
    return switch (type) {
      case "ext2", "ext3", "ext4" -> "extfs";
      case "overlay" -> "overlayfs";
      default -> type;
    };
  }

  private boolean flag(String file) {
    try {
      return Files.readString(procRoot.resolve(file)).strip().equals("1");
    } catch (IOException e) {
      return false;
    }
  }

  private boolean exists(String file) {
    return Files.exists(procRoot.resolve(file));
  }

  private int openFds() {
    try (var fds = Files.list(procRoot.resolve("proc/self/fd"))) {
      return (int) fds.count();
    } catch (IOException e) {
      return 0;
    }
  }

  private static String env(String name) {
    var v = System.getenv(name);
    if (v == null) {
      v = System.getenv(name.toLowerCase(java.util.Locale.ROOT));
    }
    return v == null ? "" : v;
  }
}
