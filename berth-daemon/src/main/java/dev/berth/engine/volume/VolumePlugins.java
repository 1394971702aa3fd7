package dev.berth.engine.volume;

import java.util.List;
import java.util.Optional;

/** Volume drivers served by plugins ({@code VolumeDriver} capability). Thread-safe. */
interface VolumePlugins {
  /**
   * The plugin driver called {@code name}, activating it if needed (with dockerd's retries).
   *
   * @throws dev.berth.engine.error.NotFound {@code error looking up volume plugin X: plugin "X" not found}
   */
  VolumeDriver get(String name);

  /** Already-activated plugin drivers by name, without waiting. */
  Optional<VolumeDriver> active(String name);

  /** Every discoverable volume plugin, activated without retries; failures go to {@code warnings}. */
  List<VolumeDriver> all(List<String> warnings);
}
