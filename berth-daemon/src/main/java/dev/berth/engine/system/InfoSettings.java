package dev.berth.engine.system;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The daemon configuration that /info reports, handed over by the daemon's wiring. Runtimes map
 * a name to its binary path.
 */
public record InfoSettings(
    Path dataRoot,
    boolean debug,
    String loggingDriver,
    String storageDriver,
    String cgroupDriver,
    boolean liveRestore,
    Map<String, String> runtimes,
    String defaultRuntime,
    List<String> insecureRegistries,
    List<String> registryMirrors,
    List<String> labels,
    List<String> securityOptions) {

  public InfoSettings {
    runtimes = Map.copyOf(runtimes);
    insecureRegistries = List.copyOf(insecureRegistries);
    registryMirrors = List.copyOf(registryMirrors);
    labels = List.copyOf(labels);
    securityOptions = List.copyOf(securityOptions);
  }

  /** dockerd's defaults for a data root. */
  public static InfoSettings defaults(Path dataRoot) {
    return new InfoSettings(dataRoot, false, "json-file", "overlay2", "cgroupfs", false,
        Map.of("runc", "runc"), "runc", List.of(), List.of(), List.of(), List.of("name=seccomp,profile=builtin"));
  }
}
