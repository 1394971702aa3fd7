package dev.berth.engine.volume;

import java.util.Map;

/**
 * Where volume events go ({@code create}, {@code mount}, {@code unmount}, {@code destroy},
 * {@code prune}). Implemented by the event bus at wiring time; must not block.
 */
@FunctionalInterface
public interface VolumeEvents {
  VolumeEvents NONE = (action, name, attributes) -> {};

  void emit(String action, String name, Map<String, String> attributes);
}
