package dev.berth.engine.volume;

/** Resolves a container reference (name, full or short id) for {@code --volumes-from}. */
@FunctionalInterface
public interface ContainerIds {
  /**
   * @return the full container id
   * @throws dev.berth.engine.error.NotFound {@code No such container: <ref>}
   */
  String idOf(String ref);
}
