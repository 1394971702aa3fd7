package dev.berth.engine.container;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.ContainerConfig;
import dev.berth.model.ContainerConfig.HealthConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fills a create request's Config from its image's, as dockerd does (moby {@code daemon/commit.go merge}). */
final class ConfigMerge {
  private ConfigMerge() {}

  /**
   * @param imageRef the image reference as the client gave it (kept in {@code Config.Image})
   * @param hostname the hostname when the request has none (the short id, or the host's for host networking)
   * @throws InvalidArgument {@code no command specified} when neither gives a command
   */
  static ContainerConfig merge(ContainerConfig user, ContainerConfig image, String imageRef, String hostname) {
    var u = user == null ? ContainerConfig.empty() : user;
    var i = image == null ? ContainerConfig.empty() : image;
    List<String> entrypoint = u.entrypoint();
    List<String> cmd = u.cmd();
    if (entrypoint == null || entrypoint.isEmpty()) {
      if (cmd == null || cmd.isEmpty()) cmd = i.cmd();
      if (entrypoint == null) entrypoint = i.entrypoint();
    }
    // moby mergeAndVerifyConfig: an Entrypoint of [""] means "none"
    if (entrypoint != null && entrypoint.size() == 1 && entrypoint.getFirst().isEmpty()) entrypoint = null;
    if ((entrypoint == null || entrypoint.isEmpty()) && (cmd == null || cmd.isEmpty())) {
      throw new InvalidArgument("no command specified");
    }
    return new ContainerConfig(
        blank(u.hostname()) ? hostname : u.hostname(),
        u.domainname() == null ? "" : u.domainname(),
        blank(u.user()) ? orEmpty(i.user()) : u.user(),
        u.attachStdin(), u.attachStdout(), u.attachStderr(),
        union(u.exposedPorts(), i.exposedPorts()),
        u.tty(), u.openStdin(), u.stdinOnce(),
        env(u.env(), i.env()),
        cmd,
        health(u.healthcheck(), i.healthcheck()),
        u.argsEscaped(),
        imageRef,
        union(u.volumes(), i.volumes()),
        blank(u.workingDir()) ? orEmpty(i.workingDir()) : u.workingDir(),
        entrypoint,
        u.networkDisabled(),
        u.macAddress(),
        u.onBuild(),
        labels(u.labels(), i.labels()),
        blank(u.stopSignal()) ? i.stopSignal() : u.stopSignal(),
        u.stopTimeout(),
        u.shell());
  }

  /** The user's variables, then the image's whose names the user did not set. */
  static List<String> env(List<String> user, List<String> image) {
    if (user == null || user.isEmpty()) return image;
    var out = new ArrayList<>(user);
    if (image == null) return out;
    for (var imageVar : image) {
      var key = key(imageVar);
      if (user.stream().noneMatch(v -> key(v).equals(key))) out.add(imageVar);
    }
    return out;
  }

  private static Map<String, String> labels(Map<String, String> user, Map<String, String> image) {
    var out = new LinkedHashMap<String, String>();
    if (image != null) out.putAll(image);
    if (user != null) out.putAll(user);
    return out;
  }

  private static Map<String, Object> union(Map<String, Object> user, Map<String, Object> image) {
    if (user == null || user.isEmpty()) return image;
    var out = new LinkedHashMap<>(user);
    if (image != null) image.forEach(out::putIfAbsent);
    return out;
  }

  private static HealthConfig health(HealthConfig u, HealthConfig i) {
    if (i == null) return u;
    if (u == null) return i;
    return new HealthConfig(
        u.test() == null || u.test().isEmpty() ? i.test() : u.test(),
        u.interval() == 0 ? i.interval() : u.interval(),
        u.timeout() == 0 ? i.timeout() : u.timeout(),
        u.retries() == 0 ? i.retries() : u.retries(),
        u.startPeriod() == 0 ? i.startPeriod() : u.startPeriod(),
        u.startInterval() == 0 ? i.startInterval() : u.startInterval());
  }

  static String key(String envVar) {
    int eq = envVar.indexOf('=');
    return eq < 0 ? envVar : envVar.substring(0, eq);
  }

  private static boolean blank(String s) {
    return s == null || s.isEmpty();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
