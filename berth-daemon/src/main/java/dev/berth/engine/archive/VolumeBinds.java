package dev.berth.engine.archive;

import dev.berth.engine.container.ContainerFiles;
import dev.berth.os.ErrnoException;
import dev.berth.os.Mounts;
import dev.berth.runtime.MountSpec;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds a stopped container's volumes and bind mounts into its mounted root for a cp (moby's
 * {@code openContainerFS} does the same in a private mount namespace). Each destination is
 * resolved and created inside the root ({@code RESOLVE_IN_ROOT}) and the bind targets the pinned
 * fd, so a symlink in the container cannot redirect a mount onto the host. tmpfs mounts get a
 * fresh private tmpfs, as in moby. Stateless and thread-safe.
 */
public final class VolumeBinds implements ContainerFiles.VolumeBinder {
  private static final System.Logger LOG = System.getLogger(VolumeBinds.class.getName());

  @Override
  public List<Path> bind(Path root, List<MountSpec> specs) throws IOException {
    var made = new ArrayList<Path>();
    try (var dir = DirFd.open(root)) {
      for (var spec : specs) {
        boolean tmpfs = "tmpfs".equals(spec.type());
        boolean isDir = tmpfs || Files.isDirectory(Path.of(spec.source()));
        try (var target = create(dir, spec.destination(), isDir)) {
          var pinned = target.path();
          if (tmpfs) {
            Mounts.mount("tmpfs", pinned, "tmpfs", Mounts.MS_NOSUID | Mounts.MS_NODEV, null);
          } else {
            Mounts.mount(spec.source(), pinned, null, Mounts.MS_BIND | Mounts.MS_REC, null);
          }
          var real = Files.readSymbolicLink(pinned);
          made.add(real);
          Mounts.mount(null, real, null, Mounts.MS_PRIVATE | Mounts.MS_REC, null);
          if (spec.options().contains("ro")) {
            Mounts.mount(null, real, null, Mounts.MS_REMOUNT | Mounts.MS_BIND | Mounts.MS_RDONLY, null);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      unbind(made);
      throw e;
    }
    return made;
  }

  @Override
  public void unbind(List<Path> mountPoints) {
    for (var p : mountPoints.reversed()) {
      try {
        Mounts.unmount(p, Mounts.MNT_DETACH);
      } catch (ErrnoException e) {
        LOG.log(Level.WARNING, "cannot unmount " + p + ": " + e.getMessage());
      }
    }
  }

  /** Creates {@code destination} (and its parents) inside the root; returns it pinned. */
  private static DirFd create(DirFd root, String destination, boolean isDir) throws IOException {
    var parts = new ArrayList<String>();
    for (var part : destination.split("/")) if (!part.isEmpty() && !part.equals(".")) parts.add(part);
    var sofar = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      var parent = sofar.toString();
      sofar.append('/').append(parts.get(i));
      boolean last = i == parts.size() - 1;
      try {
        root.resolveAny(sofar.toString()).close();
      } catch (ErrnoException e) {
        if (e.errno() != ErrnoException.ENOENT) throw e;
        try (var dir = parent.isEmpty() ? root.resolve(".") : root.resolve(parent)) {
          if (last && !isDir) Files.createFile(dir.path(parts.get(i)));
          else Files.createDirectory(dir.path(parts.get(i)));
        }
      }
    }
    return root.resolveAny(sofar.isEmpty() ? "." : sofar.toString());
  }
}
