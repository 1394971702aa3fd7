package dev.berth.engine.volume;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.model.ContainerConfig;
import dev.berth.model.HostConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The pure half of container create (moby {@code registerMountPoints}): parses and validates
 * {@code --volumes-from}, {@code Binds}, {@code Mounts}, {@code Tmpfs} and the image's
 * {@code VOLUME}s into mount points keyed by destination, before any volume exists. Later sources
 * override earlier ones at the same destination, as in dockerd.
 */
final class MountPlanner {
  private final MountParser parser;

  MountPlanner(MountParser parser) {
    this.parser = parser;
  }

  /** Where a planned mount point came from: decides how its volume is found or made. */
  enum Origin { VOLUMES_FROM, BIND, MOUNT, IMAGE }

  record Planned(ContainerMount mount, Origin origin) {}

  /**
   * @param mountsOf the mount points of another container by full id (for {@code --volumes-from})
   * @return mount points in order (volumes-from, binds, mounts, image volumes); volumes not yet created
   */
  List<Planned> plan(ContainerConfig config, HostConfig hc, ContainerIds containers,
      Function<String, List<ContainerMount>> mountsOf) {
    var points = new LinkedHashMap<String, Planned>();
    var tmpfs = hc.tmpfs() == null ? Map.<String, String>of() : hc.tmpfs();
    for (var dest : tmpfs.keySet()) {
      parser.validateTmpfsDestination(dest);
    }
    for (var spec : nz(hc.volumesFrom())) {
      var from = parser.parseVolumesFrom(spec);
      String id;
      try {
        id = containers.idOf(from.container());
      } catch (NotFound e) {
        throw new InvalidArgument(e.getMessage(), e);
      }
      for (var m : mountsOf.apply(id)) {
        points.remove(m.destination());
        points.put(m.destination(), new Planned(m.sharedWith(from.writable()), Origin.VOLUMES_FROM));
      }
    }
    Set<String> binds = new HashSet<>();
    for (var raw : nz(hc.binds())) {
      var m = parser.parseBind(raw, hc.volumeDriver());
      if (binds.contains(m.destination()) || tmpfs.containsKey(m.destination())) {
        throw duplicate(m.destination());
      }
      binds.add(m.destination());
      points.remove(m.destination());
      points.put(m.destination(), new Planned(m, Origin.BIND));
    }
    for (var mount : nz(hc.mounts())) {
      var m = parser.parseMount(MountSpecInput.of(mount));
      if (binds.contains(m.destination())) {
        throw duplicate(mount.target());
      }
      binds.add(m.destination());
      points.remove(m.destination());
      points.put(m.destination(), new Planned(m, Origin.MOUNT));
    }
    var imageVolumes = config.volumes() == null ? new TreeSet<String>() : new TreeSet<>(config.volumes().keySet());
    for (var spec : imageVolumes) {
      var dest = GoPath.clean(spec);
      if (points.containsKey(dest) || tmpfs.containsKey(dest)) {
        continue;
      }
      // An image VOLUME (or `-v /path`, which the CLI sends as Config.Volumes): a fresh anonymous volume.
      points.put(dest, new Planned(new ContainerMount(ContainerMount.VOLUME, "", "", dest, nzs(hc.volumeDriver()), "",
          true, "", true, true, false, "", null, null), Origin.IMAGE));
    }
    return new ArrayList<>(points.values());
  }

  private static InvalidArgument duplicate(String dest) {
    return new InvalidArgument("Duplicate mount point: " + dest);
  }

  private static <T> List<T> nz(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String nzs(String s) {
    return s == null ? "" : s;
  }
}
