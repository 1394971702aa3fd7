package dev.berth.engine.volume;

import dev.berth.model.ContainerConfig;
import dev.berth.model.HostConfig;
import dev.berth.model.MountPoint;
import java.nio.file.Path;
import java.util.List;

/**
 * Volumes and mounts as the container service uses them (implemented by {@link MountResolver}).
 * Call {@link #register} in create (after merging the image config, before saving), {@link #setUp}
 * in start once the rootfs is mounted (its specs go to {@code SpecInput.mounts}), {@link #tearDown}
 * wherever the container's start is undone or its exit is handled, and {@link #release} in remove
 * ({@code removeAnonymous} = {@code rm -v}, always true for {@code --rm}) and when a create fails
 * after {@link #register}. Thread-safe.
 */
public interface ContainerMounts {
  /** No volumes or mounts at all: for tests of the container service that do not need them. */
  ContainerMounts NONE = new ContainerMounts() {
    @Override
    public List<MountPoint> register(String id, ContainerConfig c, HostConfig h, ContainerIds ids) {
      return List.of();
    }

    @Override
    public List<MountPoint> mounts(String id) {
      return List.of();
    }

    @Override
    public ResolvedMounts setUp(String id, HostConfig h, Path rootfs) {
      return new ResolvedMounts(List.of(), List.of());
    }

    @Override
    public void tearDown(String id) {}

    @Override
    public void release(String id, boolean removeAnonymous) {}
  };

  List<MountPoint> register(String containerId, ContainerConfig config, HostConfig hostConfig, ContainerIds containers);

  List<MountPoint> mounts(String containerId);

  ResolvedMounts setUp(String containerId, HostConfig hostConfig, Path rootfs);

  void tearDown(String containerId);

  void release(String containerId, boolean removeAnonymous);
}
