package dev.berth.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the suite keeps things. Daemon state lives under a short per-JVM base dir in /tmp (unix socket
 * paths must stay under 108 bytes, and conmon nests its attach socket below the exec root); logs
 * and cached fixtures live under {@code berth-it/target} so they survive for debugging.
 */
public final class ItPaths {
  public static final Path JAVA_HOME = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
  public static final Path DOCKER_CLI = Path.of("/usr/local/bin/docker");

  private ItPaths() {}

  /** The per-JVM base dir holding every test daemon's data root, exec root and socket. */
  public static Path base() {
    return Path.of("/tmp", "bit-" + ProcessHandle.current().pid());
  }

  /** The project's root directory (the Maven multi-module root). */
  public static Path home() {
    String prop = System.getProperty("berth.home");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("berth-daemon/pom.xml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the project root above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** {@code berth-it/target}, for daemon logs and cached fixtures. */
  public static Path target() {
    return home().resolve("berth-it/target");
  }
}
