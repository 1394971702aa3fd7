package dev.berth.runtime;

import java.util.List;

/**
 * A user mount (bind, volume or tmpfs) already resolved to an OCI mount: {@link OciSpecBuilder}
 * adds these after its defaults, and one at the same destination as a default replaces it, as
 * dockerd does. Produced by the volume service's mount resolution.
 *
 * @param options OCI mount options, e.g. {@code rbind}, {@code ro}, {@code rprivate}, {@code size=…}
 */
public record MountSpec(String destination, String type, String source, List<String> options) {
  public MountSpec {
    options = List.copyOf(options);
  }
}
