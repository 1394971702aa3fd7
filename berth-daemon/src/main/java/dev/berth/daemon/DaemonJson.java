package dev.berth.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * daemon.json, read and checked as dockerd does ({@code daemon/config/config.go}): every key must be
 * one dockerd knows, and a key given both as a flag and in the file is refused whatever the values.
 */
final class DaemonJson {
  /** The keys dockerd accepts in daemon.json on Linux (moby docs "daemon configuration file"). */
  static final Set<String> KEYS = Set.of(
      "allow-direct-routing", "allow-nondistributable-artifacts", "api-cors-header", "authorization-plugins",
      "bip", "bip6", "bridge", "certs-dir", "bridge-accept-fwmark", "builder", "cdi-spec-dirs", "cgroup-parent", "containerd",
      "containerd-namespace", "containerd-plugins-namespace", "cpu-rt-period", "cpu-rt-runtime", "cri-containerd",
      "data-root", "debug", "default-address-pools", "default-cgroupns-mode", "default-gateway",
      "default-gateway-v6", "default-ipc-mode", "default-network-opts", "default-runtime", "default-shm-size",
      "default-ulimits", "detach-keys", "dns", "dns-opts", "dns-search", "exec-opts", "exec-root", "experimental",
      "features", "firewall-backend", "fixed-cidr", "fixed-cidr-v6", "group", "host-gateway-ip",
      "host-gateway-ips", "hosts", "icc", "init", "init-path", "insecure-registries", "ip", "ip-forward",
      "ip-forward-no-drop", "ip-masq", "ip6tables", "iptables", "ipv6", "labels", "live-restore", "log-driver",
      "log-format", "log-level", "log-opts", "max-concurrent-downloads", "max-concurrent-uploads",
      "max-download-attempts", "min-api-version", "mtu", "no-new-privileges", "node-generic-resources",
      "oom-score-adjust", "pidfile", "proxies", "raw-logs", "registry-mirrors", "rootless", "runtimes",
      "seccomp-profile", "selinux-enabled", "shutdown-timeout", "storage-driver", "storage-opts",
      "swarm-default-advertise-addr", "tls", "tlscacert", "tlscert", "tlskey", "tlsverify", "userland-proxy",
      "userland-proxy-path", "userns-remap");

  static final Path DEFAULT_FILE = Path.of("/etc/berth/daemon.json");

  private DaemonJson() {}

  /** Thrown for a configuration dockerd would refuse; the message is printed as is. */
  static final class ConfigException extends Exception {
    ConfigException(String message) {
      super(message);
    }
  }

  /**
   * The settings of {@code file} merged over nothing, checked against {@code flags}: flags win only
   * where the file is silent (a key in both is an error). An absent default file is fine.
   */
  static Map<String, Object> merge(DaemonFlags flags) throws ConfigException {
    boolean explicit = flags.configFile() != null;
    var file = explicit ? Path.of(flags.configFile()) : DEFAULT_FILE;
    Map<String, Object> fromFile;
    try {
      fromFile = read(file);
    } catch (NoSuchFileException e) {
      if (explicit) {
        throw new ConfigException("unable to configure the Docker daemon with file " + file
            + ": open " + file + ": no such file or directory");
      }
      fromFile = Map.of();
    } catch (IOException e) {
      throw new ConfigException("unable to configure the Docker daemon with file " + file + ": " + e.getMessage());
    }
    try {
      check(fromFile, flags.settings());
    } catch (ConfigException e) {
      throw new ConfigException("unable to configure the Docker daemon with file " + file + ": " + e.getMessage());
    }
    var merged = new LinkedHashMap<String, Object>(fromFile);
    merged.putAll(flags.settings());
    return merged;
  }

  static Map<String, Object> read(Path file) throws IOException {
    var text = Files.readString(file);
    if (text.isBlank()) {
      return Map.of();
    }
    try {
      Map<String, Object> map = Json.mapper().readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {});
      return map == null ? Map.of() : map;
    } catch (JsonProcessingException e) {
      throw new IOException(e.getOriginalMessage(), e);
    }
  }

  /** dockerd's {@code findConfigurationConflicts}: unknown keys first, then keys set twice. */
  static void check(Map<String, Object> fromFile, Map<String, Object> fromFlags) throws ConfigException {
    var unknown = new TreeSet<String>();
    for (var key : fromFile.keySet()) {
      if (!KEYS.contains(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException("the following directives don't match any configuration option: "
          + String.join(", ", unknown));
    }
    var conflicts = new ArrayList<String>();
    for (var e : fromFlags.entrySet()) {
      if (fromFile.containsKey(e.getKey())) {
        conflicts.add(e.getKey() + ": (from flag: " + go(e.getValue()) + ", from file: " + go(fromFile.get(e.getKey())) + ")");
      }
    }
    if (!conflicts.isEmpty()) {
      throw new ConfigException("the following directives are specified both as a flag and in the configuration file: "
          + String.join(", ", conflicts));
    }
  }

  /** A value printed as Go's {@code %v} prints it. */
  static String go(Object value) {
    return switch (value) {
      case null -> "<nil>";
      case List<?> list -> list.stream().map(DaemonJson::go).collect(Collectors.joining(" ", "[", "]"));
      case Map<?, ?> map -> map.entrySet().stream().map(e -> e.getKey() + ":" + go(e.getValue()))
          .collect(Collectors.joining(" ", "map[", "]"));
      default -> value.toString();
    };
  }
}
