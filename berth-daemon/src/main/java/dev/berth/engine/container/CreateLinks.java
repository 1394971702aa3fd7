package dev.berth.engine.container;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.model.HostConfig;

/**
 * moby's {@code registerLinks} at create ({@code daemon/daemon_unix.go}): outside user-defined
 * networks every {@code --link} must name an existing container (followed through
 * {@code container:} modes) that is not on the host network. Whether it runs is checked at start.
 */
final class CreateLinks {
  private CreateLinks() {}

  static void check(HostConfig hc, ContainerStore store) {
    if (hc.links() == null || userDefined(hc.networkMode())) {
      return;
    }
    for (var link : hc.links()) {
      var child = lookup(store, name(link));
      while (child.hostConfig().networkMode() != null && child.hostConfig().networkMode().startsWith("container:")) {
        child = lookup(store, child.hostConfig().networkMode().substring("container:".length()));
      }
      if ("host".equals(child.hostConfig().networkMode())) {
        throw new InvalidArgument(
            "conflicting options: host type networking can't be used with links. This would result in undefined behavior");
      }
    }
  }

  /** A missing container is invalid input, not "not found" (the CLI would read that as a missing image: moby#39823). */
  private static Container lookup(ContainerStore store, String name) {
    try {
      return store.lookup(name);
    } catch (NotFound e) {
      throw new InvalidArgument("could not get container for " + name + ": " + e.getMessage());
    }
  }

  /** moby's {@code opts.ParseLink}: {@code name}, {@code name:alias} or the stored {@code /name:/parent/alias}. */
  private static String name(String link) {
    if (link == null || link.isEmpty()) {
      throw new InvalidArgument("empty string specified for links");
    }
    var parts = link.split(":", -1);
    if (parts.length > 2) {
      throw new InvalidArgument("bad format for links: " + link);
    }
    return parts[0].startsWith("/") ? parts[0].substring(1) : parts[0];
  }

  private static boolean userDefined(String mode) {
    return mode != null && !mode.isEmpty() && !mode.equals("default") && !mode.equals("bridge") && !mode.equals("host")
        && !mode.equals("none") && !mode.startsWith("container:");
  }
}
