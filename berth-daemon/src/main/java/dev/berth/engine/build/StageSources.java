package dev.berth.engine.build;

import dev.berth.content.Digest;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.image.ImageParts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What {@code FROM} and {@code COPY --from} name: an earlier stage (by name or index) or an image,
 * pulled only when it is not here (or always with {@code --pull}, for FROM).
 */
final class StageSources {
  private final BuildTools tools;
  private final List<Stage> stages = new ArrayList<>();

  StageSources(BuildTools tools) {
    this.tools = tools;
  }

  void add(Stage st) {
    stages.add(st);
  }

  /** The stage named {@code ref} (case-insensitive) or with index {@code ref}, else null. */
  Stage stage(String ref) {
    var lower = ref.toLowerCase(Locale.ROOT);
    for (var st : stages) {
      if (lower.equals(st.name)) {
        return st;
      }
    }
    if (ref.matches("[0-9]+")) {
      int i = Integer.parseInt(ref);
      if (i < stages.size()) {
        return stages.get(i);
      }
    }
    return null;
  }

  boolean nameUsed(String name) {
    return stages.stream().anyMatch(s -> name.equals(s.name));
  }

  /** The local image {@code ref}, pulled first when {@code pull} or when it is missing. */
  ImageParts image(String ref, boolean pull, String platform, BuildOutput out) {
    if (!pull) {
      try {
        return tools.images().parts(ref);
      } catch (NotFound e) {
        // not here: pulled below, as dockerd does
      }
    }
    try {
      tools.images().pull(ref, platform, null, m -> { });
    } catch (java.io.IOException e) {
      throw new dev.berth.engine.error.SystemError(e.getMessage(), e);
    }
    return tools.images().parts(ref);
  }

  /** Mounts the root filesystem {@code --from} names; null for a stage still on scratch (nothing to copy). */
  StepTree mount(String from) {
    Digest id;
    var st = stage(from);
    if (st != null) {
      id = st.imageId;
    } else {
      try {
        id = image(from, false, "", null).id();
      } catch (RuntimeException e) {
        throw new InvalidArgument("invalid from flag value " + from + ": " + e.getMessage());
      }
    }
    if (id == null) {
      return null;
    }
    var keys = tools.images().parts(id.toString()).layers().stream().map(Digest::hex).toList();
    return StepTree.open(tools.layers(), tools.mounter(), StepTree.newKey(), keys, true);
  }
}
