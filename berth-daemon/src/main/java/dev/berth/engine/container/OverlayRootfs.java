package dev.berth.engine.container;

import dev.berth.engine.error.SystemError;
import dev.berth.os.ErrnoException;
import dev.berth.os.Mounts;
import dev.berth.snapshot.OverlayMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@link RootfsMounter} with overlayfs through {@link Mounts}. */
public final class OverlayRootfs implements RootfsMounter {
  @Override
  public void mount(OverlayMount m) {
    try {
      Files.createDirectories(m.target());
      Mounts.unmountIfMounted(m.target());
      Mounts.mountOverlay(m.options(), m.target());
    } catch (ErrnoException e) {
      throw new SystemError("error mounting container root filesystem: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void unmount(Path target) {
    try {
      Mounts.unmountIfMounted(target);
    } catch (ErrnoException e) {
      throw new SystemError("error unmounting container root filesystem: " + e.getMessage(), e);
    }
  }
}
