package dev.berth.netplug;

import java.util.List;
import java.util.Map;

/**
 * One container interface on one network.
 *
 * @param capabilityArgs runtime config by capability name ({@code portMappings}, {@code ips},
 *     {@code mac}); each plugin gets the entries its {@code capabilities} ask for, as libcni does
 * @param cniArgs {@code CNI_ARGS} pairs ({@code IP=10.1.2.3}), may be empty
 */
public record CniAttachment(
    String containerId, String netnsPath, String ifName, Map<String, Object> capabilityArgs, List<String> cniArgs) {
  public CniAttachment {
    capabilityArgs = Map.copyOf(capabilityArgs);
    cniArgs = List.copyOf(cniArgs);
  }
}
