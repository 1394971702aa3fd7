package dev.berth.engine.build;

import dev.berth.content.Digest;
import dev.berth.engine.image.ImageParts;
import dev.berth.engine.image.ImageService;
import dev.berth.model.ContainerConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The classic builder's local image cache (moby {@code image/cache}): a step is cached by an image
 * whose parent is the current image and whose {@code container_config} matches the step's config
 * by moby's {@code compare} (Cmd, Env, Entrypoint, Labels, ExposedPorts, Volumes, User, …); the
 * newest such image wins. Cmd carries the instruction, the used build args and COPY checksums.
 */
final class BuildCache {
  private final ImageService images;

  BuildCache(ImageService images) {
    this.images = images;
  }

  /** The cached image for a step, from the local images or, with {@code --cache-from}, from {@code sources}. */
  Optional<Digest> probe(Digest parent, ContainerConfig config, CacheSources sources) {
    var local = local(parent, config);
    if (sources.isEmpty() || local.isPresent() && sources.accepts(local.get())) {
      return local;
    }
    return sources.probe(parent, config);
  }

  private Optional<Digest> local(Digest parent, ContainerConfig config) {
    ImageParts best = null;
    for (var child : images.children(parent)) {
      if (compare(child.config().containerConfig(), config)
          && (best == null || created(child).compareTo(created(best)) > 0)) {
        best = child;
      }
    }
    return Optional.ofNullable(best).map(ImageParts::id);
  }

  private static String created(ImageParts p) {
    return p.config().created() == null ? "" : p.config().created();
  }

  static boolean compare(ContainerConfig a, ContainerConfig b) {
    if (a == null || b == null || a.openStdin() || b.openStdin()) {
      return false;
    }
    return a.attachStdout() == b.attachStdout() && a.attachStderr() == b.attachStderr()
        && str(a.user()).equals(str(b.user())) && a.tty() == b.tty()
        && list(a.cmd()).equals(list(b.cmd())) && list(a.env()).equals(list(b.env()))
        && map(a.labels()).equals(map(b.labels())) && map(a.exposedPorts()).keySet().equals(map(b.exposedPorts()).keySet())
        && list(a.entrypoint()).equals(list(b.entrypoint())) && map(a.volumes()).keySet().equals(map(b.volumes()).keySet());
  }

  private static String str(String s) {
    return Objects.requireNonNullElse(s, "");
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static <K, V> Map<K, V> map(Map<K, V> m) {
    return m == null ? Map.of() : m;
  }
}
