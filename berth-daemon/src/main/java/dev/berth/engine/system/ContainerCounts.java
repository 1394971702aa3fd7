package dev.berth.engine.system;

/**
 * How many containers exist, by state, for {@code GET /info}. Implemented by the container service;
 * must be cheap and thread-safe (called per request).
 */
@FunctionalInterface
public interface ContainerCounts {
  Counts counts();

  record Counts(int total, int running, int paused, int stopped) {}

  ContainerCounts NONE = () -> new Counts(0, 0, 0, 0);
}
