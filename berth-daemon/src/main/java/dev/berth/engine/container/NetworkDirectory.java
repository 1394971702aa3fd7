package dev.berth.engine.container;

import dev.berth.engine.network.ContainerDirectory;
import java.util.Map;

/**
 * The containers as the network service sees them for {@code docker network connect/disconnect}:
 * lookups and the stored {@code EndpointsConfig} a start reads. A change waits for the container's
 * running operation (a start reads the settings under the same lock).
 */
final class NetworkDirectory implements ContainerDirectory {
  private final ContainerStore store;

  NetworkDirectory(ContainerStore store) {
    this.store = store;
  }

  @Override
  public Entry get(String ref) {
    var c = store.lookup(ref);
    var r = c.record();
    return new Entry(c.id, r.shortName(), c.running(), c.hostConfig().networkMode(), r.endpointsConfig());
  }

  @Override
  public void setEndpointsConfig(String id, Map<String, Object> endpointsConfig) {
    var c = store.get(id).orElse(null);
    if (c == null) return;
    c.runLock.lock();
    try {
      c.update(c.record().withEndpointsConfig(new java.util.LinkedHashMap<>(endpointsConfig)));
      store.saveRecord(c);
    } finally {
      c.runLock.unlock();
    }
  }
}
