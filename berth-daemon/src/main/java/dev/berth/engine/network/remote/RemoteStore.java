package dev.berth.engine.network.remote;

import dev.berth.store.AtomicJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@link RemoteNetwork} files under {@code <data-root>/network/remote/}, written atomically. */
final class RemoteStore {
  private final Path dir;

  RemoteStore(Path dataRoot) {
    this.dir = dataRoot.resolve("network").resolve("remote");
  }

  Optional<RemoteNetwork> get(String networkId) {
    if (!networkId.matches("[0-9a-f]{64}")) {
      return Optional.empty();
    }
    return AtomicJson.read(dir.resolve(networkId + ".json"), RemoteNetwork.class);
  }

  void save(RemoteNetwork network) {
    AtomicJson.write(dir.resolve(network.networkId() + ".json"), network);
  }

  void delete(String networkId) {
    try {
      Files.deleteIfExists(dir.resolve(networkId + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
