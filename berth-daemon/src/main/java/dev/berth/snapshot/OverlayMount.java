package dev.berth.snapshot;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An overlay mount as a value (compute, then apply): nothing is mounted until the runtime adapter
 * applies it. {@code lower} is top-most first, as overlayfs's {@code lowerdir} wants.
 */
public record OverlayMount(List<Path> lower, Path upper, Path work, Path target) {
  public OverlayMount {
    lower = List.copyOf(lower);
  }

  /** The mount data string for {@code mount -t overlay}. */
  public String options() {
    var lowers = lower.stream().map(Path::toString).collect(Collectors.joining(":"));
    return "lowerdir=" + lowers + ",upperdir=" + upper + ",workdir=" + work + ",index=off";
  }
}
