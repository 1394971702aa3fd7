package dev.berth.engine.volume;

import dev.berth.engine.error.NotFound;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code local} driver plus plugin drivers looked up by name. Thread-safe. */
final class VolumeDrivers {
  private static final System.Logger LOG = System.getLogger(VolumeDrivers.class.getName());
  private final LocalDriver local;
  private final VolumePlugins plugins;

  /** @param plugins null when plugins are not available */
  VolumeDrivers(LocalDriver local, VolumePlugins plugins) {
    this.local = local;
    this.plugins = plugins;
  }

  LocalDriver local() {
    return local;
  }

  /** The driver {@code name}; a missing plugin is a 404 whose text starts with {@code op}. */
  VolumeDriver get(String name, String op) {
    if (name.equals(LocalDriver.NAME)) {
      return local;
    }
    if (plugins == null) {
      throw new NotFound(op + ": error looking up volume plugin " + name + ": plugin \"" + name + "\" not found");
    }
    try {
      return plugins.get(name);
    } catch (NotFound e) {
      throw new NotFound(op + ": " + e.getMessage(), e);
    }
  }

  /** The driver {@code name} if it is local or an already-active plugin (never waits). */
  Optional<VolumeDriver> find(String name) {
    if (name.equals(LocalDriver.NAME)) {
      return Optional.of(local);
    }
    return plugins == null ? Optional.empty() : plugins.active(name);
  }

  /** Whether the volume still exists in its driver (a plugin that cannot be reached counts as yes). */
  boolean existsIn(VolumeRecord record) {
    if (record.driver().equals(LocalDriver.NAME)) {
      return local.get(record.name()).isPresent();
    }
    try {
      var driver = find(record.driver());
      return driver.isEmpty() || driver.get().get(record.name()).isPresent();
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "volume " + record.name() + ": driver " + record.driver() + " failed: " + e.getMessage());
      return true;
    }
  }

  /** Volumes the plugins know (for list), tagged with their driver. */
  List<Found> listPlugins(List<String> warnings) {
    var out = new ArrayList<Found>();
    if (plugins == null) {
      return out;
    }
    for (var driver : plugins.all(warnings)) {
      try {
        for (var v : driver.list()) {
          out.add(new Found(v.name(), driver.name(), v.createdAt()));
        }
      } catch (RuntimeException e) {
        warnings.add("list " + driver.name() + ": " + e.getMessage());
      }
    }
    return out;
  }

  record Found(String name, String driver, String createdAt) {}
}
