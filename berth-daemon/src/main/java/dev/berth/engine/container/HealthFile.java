package dev.berth.engine.container;

import dev.berth.store.AtomicJson;
import java.nio.file.Path;

/**
 * A container's health-check state on disk ({@code health.json} in its folder), so a restarted
 * daemon shows the same {@code State.Health} (status, failing streak, last results) and probes
 * on from there, as dockerd keeps it in the container's state file.
 */
final class HealthFile {
  static final String NAME = "health.json";

  private HealthFile() {}

  static void save(Path dir, Health health) {
    try {
      AtomicJson.write(dir.resolve(NAME), health);
    } catch (RuntimeException e) {
      System.getLogger(HealthFile.class.getName())
          .log(System.Logger.Level.WARNING, "cannot save the health of " + dir.getFileName() + ": " + e.getMessage());
    }
  }

  /** The saved health, or null (none saved, or unreadable). */
  static Health load(Path dir) {
    try {
      return AtomicJson.read(dir.resolve(NAME), Health.class).orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
