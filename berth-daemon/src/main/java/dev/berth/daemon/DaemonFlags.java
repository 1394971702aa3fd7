package dev.berth.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dockerd's command line, parsed pflag-style ({@code --name value}, {@code --name=value},
 * {@code -H value}, {@code -Hvalue}, {@code -D}, {@code --flag=false}). Each flag that has a
 * daemon.json counterpart is recorded under the daemon.json key with a JSON-like value (String,
 * Boolean, Long, List, Map), so flags and file merge and conflict by key as in dockerd.
 */
record DaemonFlags(
    Map<String, Object> settings, String configFile, boolean validate, boolean version, boolean help) {

  /** Thrown for a command line dockerd would refuse; the message is printed as is. */
  static final class FlagException extends Exception {
    FlagException(String message) {
      super(message);
    }
  }

  enum Kind { STRING, BOOL, INT, LIST, MAP, RUNTIME, ULIMIT, POOL, FEATURE }

  /** A flag: its long name, optional shorthand, daemon.json key (null if none) and value kind. */
  record Flag(String name, String shorthand, String key, Kind kind) {}

  static final List<Flag> FLAGS = List.of(
      new Flag("host", "H", "hosts", Kind.LIST),
      new Flag("data-root", null, "data-root", Kind.STRING),
      new Flag("exec-root", null, "exec-root", Kind.STRING),
      new Flag("pidfile", "p", "pidfile", Kind.STRING),
      new Flag("config-file", null, null, Kind.STRING),
      new Flag("log-level", "l", "log-level", Kind.STRING),
      new Flag("log-format", null, "log-format", Kind.STRING),
      new Flag("debug", "D", "debug", Kind.BOOL),
      new Flag("group", "G", "group", Kind.STRING),
      new Flag("live-restore", null, "live-restore", Kind.BOOL),
      new Flag("tls", null, "tls", Kind.BOOL),
      new Flag("tlsverify", null, "tlsverify", Kind.BOOL),
      new Flag("tlscacert", null, "tlscacert", Kind.STRING),
      new Flag("tlscert", null, "tlscert", Kind.STRING),
      new Flag("tlskey", null, "tlskey", Kind.STRING),
      new Flag("log-driver", null, "log-driver", Kind.STRING),
      new Flag("log-opt", null, "log-opts", Kind.MAP),
      new Flag("label", null, "labels", Kind.LIST),
      new Flag("insecure-registry", null, "insecure-registries", Kind.LIST),
      new Flag("registry-mirror", null, "registry-mirrors", Kind.LIST),
      // Berth's own: where <host[:port]>/ca.crt, client.cert, client.key live (dockerd: /etc/docker/certs.d)
      new Flag("certs-dir", null, "certs-dir", Kind.STRING),
      new Flag("storage-driver", "s", "storage-driver", Kind.STRING),
      new Flag("storage-opt", null, "storage-opts", Kind.LIST),
      new Flag("bridge", "b", "bridge", Kind.STRING),
      new Flag("bip", null, "bip", Kind.STRING),
      new Flag("fixed-cidr", null, "fixed-cidr", Kind.STRING),
      new Flag("fixed-cidr-v6", null, "fixed-cidr-v6", Kind.STRING),
      new Flag("default-gateway", null, "default-gateway", Kind.STRING),
      new Flag("iptables", null, "iptables", Kind.BOOL),
      new Flag("ip6tables", null, "ip6tables", Kind.BOOL),
      new Flag("ip-forward", null, "ip-forward", Kind.BOOL),
      new Flag("ip-masq", null, "ip-masq", Kind.BOOL),
      new Flag("ipv6", null, "ipv6", Kind.BOOL),
      new Flag("icc", null, "icc", Kind.BOOL),
      new Flag("ip", null, "ip", Kind.STRING),
      new Flag("mtu", null, "mtu", Kind.INT),
      new Flag("userland-proxy", null, "userland-proxy", Kind.BOOL),
      new Flag("userland-proxy-path", null, "userland-proxy-path", Kind.STRING),
      new Flag("default-address-pool", null, "default-address-pools", Kind.POOL),
      new Flag("dns", null, "dns", Kind.LIST),
      new Flag("dns-opt", null, "dns-opts", Kind.LIST),
      new Flag("dns-search", null, "dns-search", Kind.LIST),
      new Flag("add-runtime", null, "runtimes", Kind.RUNTIME),
      new Flag("default-runtime", null, "default-runtime", Kind.STRING),
      new Flag("default-ulimit", null, "default-ulimits", Kind.ULIMIT),
      new Flag("default-shm-size", null, "default-shm-size", Kind.STRING),
      new Flag("default-ipc-mode", null, "default-ipc-mode", Kind.STRING),
      new Flag("default-cgroupns-mode", null, "default-cgroupns-mode", Kind.STRING),
      new Flag("max-concurrent-downloads", null, "max-concurrent-downloads", Kind.INT),
      new Flag("max-concurrent-uploads", null, "max-concurrent-uploads", Kind.INT),
      new Flag("max-download-attempts", null, "max-download-attempts", Kind.INT),
      new Flag("shutdown-timeout", null, "shutdown-timeout", Kind.INT),
      new Flag("experimental", null, "experimental", Kind.BOOL),
      new Flag("authorization-plugin", null, "authorization-plugins", Kind.LIST),
      new Flag("cgroup-parent", null, "cgroup-parent", Kind.STRING),
      new Flag("exec-opt", null, "exec-opts", Kind.LIST),
      new Flag("seccomp-profile", null, "seccomp-profile", Kind.STRING),
      new Flag("no-new-privileges", null, "no-new-privileges", Kind.BOOL),
      new Flag("init", null, "init", Kind.BOOL),
      new Flag("init-path", null, "init-path", Kind.STRING),
      new Flag("userns-remap", null, "userns-remap", Kind.STRING),
      new Flag("selinux-enabled", null, "selinux-enabled", Kind.BOOL),
      new Flag("oom-score-adjust", null, "oom-score-adjust", Kind.INT),
      new Flag("raw-logs", null, "raw-logs", Kind.BOOL),
      new Flag("host-gateway-ip", null, "host-gateway-ips", Kind.LIST),
      new Flag("feature", null, "features", Kind.FEATURE),
      new Flag("validate", null, null, Kind.BOOL),
      new Flag("version", "v", null, Kind.BOOL),
      new Flag("help", "h", null, Kind.BOOL));

  static DaemonFlags parse(String... args) throws FlagException {
    var settings = new LinkedHashMap<String, Object>();
    String configFile = null;
    boolean validate = false;
    boolean version = false;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      var arg = args[i];
      if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
        throw new FlagException("berthd does not take positional arguments: \"" + arg + "\"");
      }
      String name;
      String value = null;
      Flag flag;
      if (arg.startsWith("--")) {
        name = arg.substring(2);
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        flag = byName(name);
        if (flag == null) {
          throw new FlagException("unknown flag: --" + name);
        }
      } else {
        name = arg.substring(1, 2);
        flag = byShorthand(name);
        if (flag == null) {
          throw new FlagException("unknown shorthand flag: '" + name + "' in " + arg);
        }
        if (arg.length() > 2) {
          value = arg.charAt(2) == '=' ? arg.substring(3) : arg.substring(2);
        }
      }
      if (value == null && flag.kind() != Kind.BOOL) {
        if (i + 1 >= args.length) {
          throw new FlagException("flag needs an argument: --" + flag.name());
        }
        value = args[++i];
      }
      switch (flag.name()) {
        case "config-file" -> configFile = value;
        case "validate" -> validate = bool(flag, value);
        case "version" -> version = bool(flag, value);
        case "help" -> help = bool(flag, value);
        default -> put(settings, flag, value);
      }
    }
    return new DaemonFlags(Map.copyOf(settings), configFile, validate, version, help);
  }

  private static Flag byName(String name) {
    return FLAGS.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
  }

  private static Flag byShorthand(String s) {
    return FLAGS.stream().filter(f -> s.equals(f.shorthand())).findFirst().orElse(null);
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> settings, Flag flag, String value) throws FlagException {
    var key = flag.key();
    switch (flag.kind()) {
      case STRING -> settings.put(key, value);
      case BOOL -> settings.put(key, bool(flag, value));
      case INT -> {
        try {
          settings.put(key, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
          throw new FlagException("invalid argument \"" + value + "\" for \"--" + flag.name()
              + "\" flag: strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
        }
      }
      case LIST -> ((List<Object>) settings.computeIfAbsent(key, k -> new ArrayList<>())).add(value);
      case MAP, FEATURE -> {
        int eq = value.indexOf('=');
        var map = (Map<String, Object>) settings.computeIfAbsent(key, k -> new LinkedHashMap<>());
        if (flag.kind() == Kind.FEATURE) {
          map.put(eq < 0 ? value : value.substring(0, eq), eq < 0 || bool(flag, value.substring(eq + 1)));
        } else {
          map.put(eq < 0 ? value : value.substring(0, eq), eq < 0 ? "" : value.substring(eq + 1));
        }
      }
      case RUNTIME -> {
        int eq = value.indexOf('=');
        if (eq <= 0) {
          throw new FlagException("invalid argument \"" + value + "\" for \"--add-runtime\" flag: "
              + "invalid runtime argument: " + value);
        }
        var map = (Map<String, Object>) settings.computeIfAbsent(key, k -> new LinkedHashMap<>());
        map.put(value.substring(0, eq), Map.of("path", value.substring(eq + 1)));
      }
      case ULIMIT -> {
        var parsed = DaemonConfig.Ulimit.parse(value);
        var map = (Map<String, Object>) settings.computeIfAbsent(key, k -> new LinkedHashMap<>());
        map.put(parsed.name(), Map.of("Name", parsed.name(), "Hard", parsed.hard(), "Soft", parsed.soft()));
      }
      case POOL -> {
        var pool = new LinkedHashMap<String, Object>();
        for (var part : value.split(",")) {
          int eq = part.indexOf('=');
          if (eq < 0) {
            throw new FlagException("invalid argument \"" + value + "\" for \"--default-address-pool\" flag");
          }
          var k = part.substring(0, eq).strip();
          var v = part.substring(eq + 1).strip();
          pool.put(k, k.equals("size") ? (Object) Long.parseLong(v) : v);
        }
        ((List<Object>) settings.computeIfAbsent(key, k -> new ArrayList<>())).add(pool);
      }
    }
  }

  private static boolean bool(Flag flag, String value) throws FlagException {
    if (value == null) {
      return true;
    }
    return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "1", "t", "true" -> true;
      case "0", "f", "false" -> false;
      default -> throw new FlagException("invalid argument \"" + value + "\" for \"--" + flag.name()
          + "\" flag: strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
    };
  }
}
