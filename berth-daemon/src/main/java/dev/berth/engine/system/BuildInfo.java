package dev.berth.engine.system;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this build of Berth is: a docker-like version (clients such as Testcontainers compare it with
 * 1.6.0), the git commit and build time from {@code berth-build.properties} when the build wrote it.
 */
public record BuildInfo(String version, String gitCommit, String buildTime) {
  public static final String VERSION = "25.0.0-berth";

  public static BuildInfo load() {
    var props = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/berth-build.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      // Missing build metadata is not an error: the fields read "unknown".
    }
    return new BuildInfo(VERSION, clean(props.getProperty("git.commit")), clean(props.getProperty("build.time")));
  }

  private static String clean(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value.strip();
  }
}
