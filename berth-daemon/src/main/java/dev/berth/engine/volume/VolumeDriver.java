package dev.berth.engine.volume;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A volume driver: the built-in {@code local} one or a plugin implementing {@code VolumeDriver}.
 * Implementations are thread-safe. Failures are {@link dev.berth.engine.error.EngineException}
 * kinds whose messages the service prefixes with the operation ({@code create x: …}).
 */
interface VolumeDriver {
  String name();

  /** {@code local} or {@code global}. */
  String scope();

  /** Creates {@code name} (idempotent for an existing one) after validating {@code options}. */
  DriverVolume create(String name, Map<String, String> options);

  void remove(String name);

  Optional<DriverVolume> get(String name);

  List<DriverVolume> list();

  /** Makes the volume's data available on the host for {@code ref} (a container id); returns its path. */
  Path mount(String name, String ref);

  /** Undoes one {@link #mount} by {@code ref}. */
  void unmount(String name, String ref);
}
