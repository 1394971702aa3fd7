package dev.berth.netplug;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Interfaces a network driver plugin made on the host (Docker's remote driver protocol: {@code Join}
 * names one by {@code SrcName}) moved into a container's namespace and back, with {@code ip}. What
 * dockerd's sandbox does for remote drivers: rename to the container-side name, set MAC and
 * address, bring it up, add the default route and the plugin's static routes; on leave, down,
 * rename back and return it to the host so the plugin can delete it.
 */
public final class PluginLinks {
  /** A static route from {@code Join}: {@code type} 0 is via {@code nextHop}, 1 is directly connected. */
  public record Route(String destination, int type, String nextHop) {}

  /**
   * Moves {@code srcName} into {@code netns} as {@code dstName} and configures it; returns its MAC.
   *
   * @param mac null to keep the interface's own
   * @param gateway "" for no default route
   * @throws NetworkOperationException when a step fails (the interface may be left inside: {@link #moveOut} undoes it)
   */
  public String moveIn(String srcName, Path netns, String dstName, String address, String mac, String gateway,
      List<Route> routes) {
    Command.check(List.of("ip", "link", "set", "dev", srcName, "netns", netns.toString()));
    in(netns, "ip", "link", "set", "dev", srcName, "name", dstName);
    if (mac != null && !mac.isEmpty()) {
      in(netns, "ip", "link", "set", "dev", dstName, "address", mac);
    }
    in(netns, "ip", "addr", "add", address, "dev", dstName);
    in(netns, "ip", "link", "set", "dev", dstName, "up");
    if (gateway != null && !gateway.isEmpty()) {
      in(netns, "ip", "route", "replace", "default", "via", gateway, "dev", dstName);
    }
    for (var r : routes) {
      if (r.type() == 1) {
        in(netns, "ip", "route", "replace", r.destination(), "dev", dstName);
      } else {
        in(netns, "ip", "route", "replace", r.destination(), "via", r.nextHop(), "dev", dstName);
      }
    }
    var link = in(netns, "ip", "-o", "link", "show", "dev", dstName);
    int ether = link.indexOf("link/ether ");
    return ether < 0 ? "" : link.substring(ether + 11).split("\\s+")[0];
  }

  /** Moves {@code dstName} out of {@code netns} back to the host as {@code srcName}. Best effort, idempotent. */
  public void moveOut(Path netns, String dstName, String srcName) {
    if (!Files.exists(netns)) {
      return;
    }
    var prefix = List.of("nsenter", "--net=" + netns);
    if (!Command.run(concat(prefix, "ip", "-o", "link", "show", "dev", dstName)).ok()) {
      return;
    }
    Command.run(concat(prefix, "ip", "link", "set", "dev", dstName, "down"));
    Command.run(concat(prefix, "ip", "link", "set", "dev", dstName, "name", srcName));
    Command.run(concat(prefix, "ip", "link", "set", "dev", srcName, "netns", "/proc/1/ns/net"));
  }

  private static String in(Path netns, String... argv) {
    return Command.check(concat(List.of("nsenter", "--net=" + netns), argv));
  }

  private static List<String> concat(List<String> prefix, String... argv) {
    var all = new ArrayList<>(prefix);
    all.addAll(List.of(argv));
    return all;
  }
}
