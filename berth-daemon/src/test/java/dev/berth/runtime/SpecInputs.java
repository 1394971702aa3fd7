package dev.berth.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.model.ContainerConfig;
import dev.berth.model.HostConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Builds SpecInputs for tests from JSON fragments of Config and HostConfig (as clients send them). */
final class SpecInputs {
  private static final ObjectMapper JSON = dev.berth.model.Json.mapper();

  private SpecInputs() {}

  static HostConfig hostConfig(String json) {
    try {
      return JSON.readValue(json, HostConfig.class);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ContainerConfig config(String json) {
    try {
      return JSON.readValue(json, ContainerConfig.class);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static SpecInput of(Path rootfs, String configJson, String hostConfigJson, String user) {
    return new SpecInput("abc123", config(configJson), hostConfig(hostConfigJson), List.of("sh", "-c", "echo hi"),
        List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=abc123"), "",
        user, rootfs, "abc123", Path.of("/x/hosts"), Path.of("/x/hostname"), Path.of("/x/resolv.conf"), null,
        "/berth/abc123", List.of());
  }

  @SuppressWarnings("unchecked")
  static <T> T at(Map<String, Object> spec, String... path) {
    Object o = spec;
    for (var p : path) o = ((Map<String, Object>) o).get(p);
    return (T) o;
  }
}
