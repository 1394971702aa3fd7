package dev.berth.engine.container;

import dev.berth.engine.network.ContainerDirectory;
import dev.berth.engine.network.NetworkSetup;
import java.util.List;
import java.util.Map;

/**
 * The containers as the network service sees them for {@code docker network connect/disconnect}:
 * lookups and the stored {@code EndpointsConfig} a start reads. A change waits for the container's
 * running operation (a start reads the settings under the same lock).
 */
final class NetworkDirectory implements ContainerDirectory {
  private final ContainerStore store;
  private final EtcFiles etc;

  NetworkDirectory(ContainerStore store, EtcFiles etc) {
    this.store = store;
    this.etc = etc;
  }

  @Override
  public Entry get(String ref) {
    var c = store.lookup(ref);
    var r = c.record();
    return new Entry(c.id, r.shortName(), c.running(), c.hostConfig().networkMode(), r.endpointsConfig(),
        c.hostConfig());
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

  @Override
  public void useInternalResolver(String id, List<String> upstream) {
    var c = store.get(id).orElse(null);
    if (c == null) return;
    var net = new NetworkSetup(null, false, Map.of(), List.of(), true, upstream, List.of(), "");
    etc.rewriteResolvConf(store.dir(id), c.hostConfig(), net);
  }

  @Override
  public void addHostsEntries(String id, List<String> lines) {
    if (lines.isEmpty() || store.get(id).isEmpty()) return;
    etc.editHosts(store.dir(id), current -> {
      var out = new java.util.ArrayList<>(current);
      out.addAll(lines);
      return out;
    });
  }

  @Override
  public void removeHostsEntries(String id, List<String> addresses) {
    if (addresses.isEmpty() || store.get(id).isEmpty()) return;
    etc.editHosts(store.dir(id), current -> current.stream()
        .filter(line -> !addresses.contains(line.split("\\s+", 2)[0]))
        .toList());
  }
}
