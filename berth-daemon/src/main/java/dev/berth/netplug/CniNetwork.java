package dev.berth.netplug;

import java.util.List;
import java.util.Map;

/**
 * A CNI network configuration list (conflist) as a value: the network's name and its plugin confs
 * in chain order. Computed by the engine, applied by {@link CniRuntime}; stored with the endpoint
 * so DEL runs with exactly the configuration ADD used.
 */
public record CniNetwork(String cniVersion, String name, List<Map<String, Object>> plugins) {
  public CniNetwork {
    plugins = List.copyOf(plugins);
  }
}
