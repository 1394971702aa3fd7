package dev.berth.daemon;

import dev.berth.api.server.ListenAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The daemon's configuration: flags merged with daemon.json (dockerd's names), defaults applied.
 * Immutable; subsystems read the typed fields, and {@link #settings()} keeps every key as given
 * (JSON-like values) for options without a field yet.
 */
public record DaemonConfig(
    List<ListenAddress> hosts,
    Path dataRoot,
    Path execRoot,
    Path pidfile,
    String logLevel,
    boolean debug,
    String group,
    boolean liveRestore,
    String logDriver,
    Map<String, String> logOpts,
    String storageDriver,
    String defaultRuntime,
    Map<String, RuntimeConfig> runtimes,
    List<String> insecureRegistries,
    List<String> registryMirrors,
    int maxConcurrentDownloads,
    int maxConcurrentUploads,
    int maxDownloadAttempts,
    List<AddressPool> defaultAddressPools,
    String bridge,
    String bip,
    String fixedCidr,
    boolean iptables,
    boolean ipForward,
    boolean ipMasq,
    boolean userlandProxy,
    List<String> dns,
    List<String> dnsSearch,
    List<String> dnsOpts,
    Map<String, Ulimit> defaultUlimits,
    String defaultShmSize,
    List<String> labels,
    int shutdownTimeout,
    boolean tls,
    boolean tlsVerify,
    String tlsCaCert,
    String tlsCert,
    String tlsKey,
    Map<String, Object> settings) {

  public static final Path DEFAULT_DATA_ROOT = Path.of("/var/lib/berth");
  public static final Path DEFAULT_EXEC_ROOT = Path.of("/run/berth");

  public record RuntimeConfig(String path, List<String> runtimeArgs) {}

  public record AddressPool(String base, int size) {}

  /** A default ulimit; {@link #parse} reads the flag form {@code name=soft[:hard]}. */
  public record Ulimit(String name, long soft, long hard) {
    static Ulimit parse(String spec) throws DaemonFlags.FlagException {
      int eq = spec.indexOf('=');
      if (eq <= 0) {
        throw new DaemonFlags.FlagException("invalid ulimit argument: " + spec);
      }
      var limits = spec.substring(eq + 1).split(":", 2);
      try {
        long soft = Long.parseLong(limits[0]);
        long hard = limits.length > 1 ? Long.parseLong(limits[1]) : soft;
        return new Ulimit(spec.substring(0, eq), soft, hard);
      } catch (NumberFormatException e) {
        throw new DaemonFlags.FlagException("invalid ulimit argument: " + spec);
      }
    }
  }

  /** Builds the configuration from merged settings; bad values are reported as dockerd would refuse them. */
  static DaemonConfig from(Map<String, Object> s) throws DaemonJson.ConfigException {
    var v = new Values(s);
    var hosts = new ArrayList<ListenAddress>();
    for (var h : v.list("hosts")) {
      try {
        hosts.add(ListenAddress.parse(h));
      } catch (RuntimeException e) {
        throw new DaemonJson.ConfigException(e.getMessage());
      }
    }
    if (hosts.isEmpty()) {
      hosts.add(new ListenAddress.Unix(ListenAddress.DEFAULT_UNIX));
    }
    var execRoot = Path.of(v.string("exec-root", DEFAULT_EXEC_ROOT.toString())).toAbsolutePath();
    boolean debug = v.bool("debug", false);
    var logLevel = v.string("log-level", debug ? "debug" : "info").toLowerCase(Locale.ROOT);
    if (!List.of("trace", "debug", "info", "warn", "warning", "error", "fatal", "panic").contains(logLevel)) {
      throw new DaemonJson.ConfigException("unable to parse logging level: " + logLevel);
    }
    checkLogOpts(v.string("log-driver", "json-file"), v.stringMap("log-opts"));
    var ipv6Problem = NetworkWiring.ipv6Problem(v.bool("ipv6", false), v.string("fixed-cidr-v6", ""),
        new dev.berth.netplug.HostIpv6().enabled());
    if (ipv6Problem != null) {
      throw new DaemonJson.ConfigException("failed to start daemon: error initializing network controller: " + ipv6Problem);
    }
    boolean tlsVerify = v.bool("tlsverify", false);
    // dockerd's defaults: $DOCKER_CERT_PATH or ~/.docker, files ca.pem, cert.pem, key.pem
    var certDir = System.getenv().getOrDefault("DOCKER_CERT_PATH", System.getProperty("user.home") + "/.docker");
    return new DaemonConfig(
        List.copyOf(hosts),
        Path.of(v.string("data-root", DEFAULT_DATA_ROOT.toString())).toAbsolutePath(),
        execRoot,
        Path.of(v.string("pidfile", execRoot.resolve("berthd.pid").toString())).toAbsolutePath(),
        debug && !s.containsKey("log-level") ? "debug" : logLevel,
        debug,
        v.string("group", "docker"),
        v.bool("live-restore", false),
        v.string("log-driver", "json-file"),
        v.stringMap("log-opts"),
        v.string("storage-driver", "overlay2"),
        v.string("default-runtime", "runc"),
        runtimes(v),
        v.list("insecure-registries"),
        v.list("registry-mirrors"),
        v.integer("max-concurrent-downloads", 3),
        v.integer("max-concurrent-uploads", 5),
        v.integer("max-download-attempts", 5),
        pools(v),
        v.string("bridge", ""),
        v.string("bip", ""),
        v.string("fixed-cidr", ""),
        v.bool("iptables", true),
        v.bool("ip-forward", true),
        v.bool("ip-masq", true),
        v.bool("userland-proxy", true),
        v.list("dns"),
        v.list("dns-search"),
        v.list("dns-opts"),
        ulimits(v),
        v.string("default-shm-size", "64M"),
        v.list("labels"),
        v.integer("shutdown-timeout", 15),
        v.bool("tls", false) || tlsVerify,
        tlsVerify,
        v.string("tlscacert", certDir + "/ca.pem"),
        v.string("tlscert", certDir + "/cert.pem"),
        v.string("tlskey", certDir + "/key.pem"),
        Map.copyOf(s));
  }

  /** dockerd checks the default log options (only when some are given) before it starts. */
  private static void checkLogOpts(String driver, Map<String, String> opts) throws DaemonJson.ConfigException {
    if (opts.isEmpty()) return;
    try {
      dev.berth.engine.logs.LogDrivers.validate(driver, opts);
    } catch (dev.berth.engine.error.InvalidArgument e) {
      throw new DaemonJson.ConfigException("failed to start daemon: failed to set log opts: " + e.getMessage());
    }
  }

  private static Map<String, RuntimeConfig> runtimes(Values v) throws DaemonJson.ConfigException {
    var out = new LinkedHashMap<String, RuntimeConfig>();
    out.put("runc", new RuntimeConfig("runc", List.of()));
    for (var e : v.map("runtimes").entrySet()) {
      if (!(e.getValue() instanceof Map<?, ?> rt) || !(rt.get("path") instanceof String path)) {
        throw new DaemonJson.ConfigException("runtime " + e.getKey() + ": a path is required");
      }
      var args = new ArrayList<String>();
      if (rt.get("runtimeArgs") instanceof List<?> list) {
        list.forEach(a -> args.add(String.valueOf(a)));
      }
      out.put(e.getKey(), new RuntimeConfig(path, List.copyOf(args)));
    }
    return Map.copyOf(out);
  }

  private static List<AddressPool> pools(Values v) throws DaemonJson.ConfigException {
    var out = new ArrayList<AddressPool>();
    if (!(v.raw("default-address-pools") instanceof List<?> list)) {
      return List.of();
    }
    for (var item : list) {
      if (!(item instanceof Map<?, ?> m) || !(m.get("base") instanceof String base) || !(m.get("size") instanceof Number size)) {
        throw new DaemonJson.ConfigException("invalid default-address-pools: " + DaemonJson.go(item));
      }
      out.add(new AddressPool(base, size.intValue()));
    }
    return List.copyOf(out);
  }

  private static Map<String, Ulimit> ulimits(Values v) throws DaemonJson.ConfigException {
    var out = new LinkedHashMap<String, Ulimit>();
    for (var e : v.map("default-ulimits").entrySet()) {
      if (!(e.getValue() instanceof Map<?, ?> m) || !(m.get("Soft") instanceof Number soft) || !(m.get("Hard") instanceof Number hard)) {
        throw new DaemonJson.ConfigException("invalid default-ulimits: " + e.getKey());
      }
      out.put(e.getKey(), new Ulimit(e.getKey(), soft.longValue(), hard.longValue()));
    }
    return Map.copyOf(out);
  }

  /** Typed access to the merged settings with dockerd-like type errors. */
  private record Values(Map<String, Object> s) {
    Object raw(String key) {
      return s.get(key);
    }

    String string(String key, String fallback) throws DaemonJson.ConfigException {
      var value = s.get(key);
      if (value == null) {
        return fallback;
      }
      if (!(value instanceof String str)) {
        throw type(key, "string", value);
      }
      return str;
    }

    boolean bool(String key, boolean fallback) throws DaemonJson.ConfigException {
      var value = s.get(key);
      if (value == null) {
        return fallback;
      }
      if (!(value instanceof Boolean b)) {
        throw type(key, "bool", value);
      }
      return b;
    }

    int integer(String key, int fallback) throws DaemonJson.ConfigException {
      var value = s.get(key);
      if (value == null) {
        return fallback;
      }
      if (!(value instanceof Number n)) {
        throw type(key, "int", value);
      }
      return n.intValue();
    }

    List<String> list(String key) throws DaemonJson.ConfigException {
      var value = s.get(key);
      if (value == null) {
        return List.of();
      }
      if (value instanceof String str) {
        return List.of(str);
      }
      if (!(value instanceof List<?> list)) {
        throw type(key, "[]string", value);
      }
      return list.stream().map(String::valueOf).toList();
    }

    Map<String, Object> map(String key) throws DaemonJson.ConfigException {
      var value = s.get(key);
      if (value == null) {
        return Map.of();
      }
      if (!(value instanceof Map<?, ?> m)) {
        throw type(key, "map", value);
      }
      var out = new LinkedHashMap<String, Object>();
      m.forEach((k, val) -> out.put(String.valueOf(k), val));
      return out;
    }

    Map<String, String> stringMap(String key) throws DaemonJson.ConfigException {
      var out = new LinkedHashMap<String, String>();
      map(key).forEach((k, val) -> out.put(k, String.valueOf(val)));
      return Map.copyOf(out);
    }

    private static DaemonJson.ConfigException type(String key, String want, Object got) {
      return new DaemonJson.ConfigException("invalid value for \"" + key + "\": expected " + want + ", got " + DaemonJson.go(got));
    }
  }
}
