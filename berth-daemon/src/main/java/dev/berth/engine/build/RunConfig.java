package dev.berth.engine.build;

import dev.berth.model.ContainerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stage's container config while the build changes it (moby's {@code dispatchState.runConfig}).
 * Mutable; one per stage. Maps are sorted as Go marshals them.
 */
final class RunConfig {
  static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  String user = "";
  Map<String, Object> exposedPorts;
  List<String> env = new ArrayList<>();
  List<String> cmd;
  ContainerConfig.HealthConfig healthcheck;
  Boolean argsEscaped;
  Map<String, Object> volumes;
  String workingDir = "";
  List<String> entrypoint;
  List<String> onBuild;
  Map<String, String> labels;
  String stopSignal;
  List<String> shell;

  static RunConfig of(ContainerConfig c) {
    var r = new RunConfig();
    if (c == null) {
      r.env.add(DEFAULT_PATH);
      return r;
    }
    r.user = c.user() == null ? "" : c.user();
    r.exposedPorts = c.exposedPorts() == null ? null : new TreeMap<>(c.exposedPorts());
    r.env = c.env() == null ? new ArrayList<>() : new ArrayList<>(c.env());
    r.cmd = c.cmd() == null ? null : List.copyOf(c.cmd());
    r.healthcheck = c.healthcheck();
    r.argsEscaped = c.argsEscaped();
    r.volumes = c.volumes() == null ? null : new TreeMap<>(c.volumes());
    r.workingDir = c.workingDir() == null ? "" : c.workingDir();
    r.entrypoint = c.entrypoint() == null ? null : List.copyOf(c.entrypoint());
    r.onBuild = c.onBuild() == null ? null : List.copyOf(c.onBuild());
    r.labels = c.labels() == null ? null : new TreeMap<>(c.labels());
    r.stopSignal = c.stopSignal();
    r.shell = c.shell() == null ? null : List.copyOf(c.shell());
    if (r.env.stream().noneMatch(e -> e.startsWith("PATH="))) {
      r.env.add(DEFAULT_PATH);
    }
    return r;
  }

  List<String> shellOrDefault() {
    return shell == null || shell.isEmpty() ? List.of("/bin/sh", "-c") : shell;
  }

  /** Sets {@code KEY=value} in Env, replacing an earlier value of KEY in place. */
  void setEnv(String key, String value) {
    for (int i = 0; i < env.size(); i++) {
      if (env.get(i).split("=", 2)[0].equals(key)) {
        env.set(i, key + "=" + value);
        return;
      }
    }
    env.add(key + "=" + value);
  }

  /** Env as a map for variable expansion (later entries win). */
  Map<String, String> envMap(List<String> extra) {
    var m = new java.util.HashMap<String, String>();
    for (var list : List.of(env, extra)) {
      for (var e : list) {
        var kv = e.split("=", 2);
        m.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    return m;
  }

  /** The config with {@code cmd}, {@code entrypoint} and {@code env} as given (null: this config's). */
  ContainerConfig toContainerConfig(String hostname, String image, List<String> cmdOverride,
      List<String> entrypointOverride, List<String> envOverride, boolean keepHealthcheck) {
    return new ContainerConfig(hostname, "", user, false, false, false, exposedPorts, false, false, false,
        envOverride != null ? envOverride : List.copyOf(env), cmdOverride != null ? cmdOverride : cmd,
        keepHealthcheck ? healthcheck : null, argsEscaped, image, volumes, workingDir,
        entrypointOverride != null ? entrypointOverride : entrypoint, null, null, onBuild, labels, stopSignal, null,
        shell);
  }

  ContainerConfig toContainerConfig(String hostname, String image) {
    return toContainerConfig(hostname, image, null, null, null, true);
  }
}
