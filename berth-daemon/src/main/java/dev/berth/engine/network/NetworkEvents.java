package dev.berth.engine.network;

import java.util.Map;

/**
 * Where network events go (the daemon's event bus): type {@code network}, actor the network id,
 * attributes as dockerd's ({@code name}, {@code type}, and {@code container} for connect/disconnect).
 */
@FunctionalInterface
public interface NetworkEvents {
  NetworkEvents NONE = (action, networkId, attributes) -> { };

  void emit(String action, String networkId, Map<String, String> attributes);
}
