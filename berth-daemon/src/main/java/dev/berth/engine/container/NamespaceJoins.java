package dev.berth.engine.container;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import dev.berth.model.HostConfig;
import dev.berth.os.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The IPC and PID namespaces a container joins for {@code --ipc container:<id>} and
 * {@code --pid container:<id>} (cri-dockerd builds pods from these), checked as moby's
 * {@code getIPCContainer}/{@code getPIDContainer}: the other container must run, and an IPC donor
 * must be {@code shareable}. As in dockerd, a shareable container's /dev/shm is a tmpfs on the host
 * ({@code <container dir>/mounts/shm}) that it and the containers joining it bind-mount (a mount
 * of another container's mount namespace cannot be bound directly).
 *
 * @param paths {@code "ipc"}/{@code "pid"} → the donor's {@code /proc/<pid>/ns/…}
 * @param shmSource the host tmpfs to bind at /dev/shm (own when shareable, the donor's when joining), else null
 */
record NamespaceJoins(Map<String, String> paths, String shmSource) {
  static final String CONTAINER = "container:";

  private static final long MS_NOSUID = 2;
  private static final long MS_NODEV = 4;
  private static final long MS_NOEXEC = 8;

  /**
   * The namespaces and /dev/shm for a container about to start; for a shareable one this mounts its
   * host tmpfs ({@link #release} unmounts it).
   */
  static NamespaceJoins of(String id, HostConfig hc, ContainerStore store) {
    var paths = new HashMap<String, String>();
    String shm = null;
    var ipc = hc == null || hc.ipcMode() == null ? "" : hc.ipcMode();
    if (ipc.equals("shareable")) {
      shm = mountShm(shmPath(store, id), hc.shmSize()).toString();
    }
    if (ipc.startsWith(CONTAINER)) {
      var ref = ipc.substring(CONTAINER.length());
      var donor = running(ref, store);
      var donorShm = shmPath(store, donor.id);
      if (!Mounts.isMountPoint(donorShm)) {
        throw new InvalidArgument("container " + ref + ": non-shareable IPC (hint: use IpcMode:shareable for the donor container)");
      }
      paths.put("ipc", "/proc/" + donor.record().state().pid() + "/ns/ipc");
      shm = donorShm.toString();
    }
    var pidMode = hc == null || hc.pidMode() == null ? "" : hc.pidMode();
    if (pidMode.startsWith(CONTAINER)) {
      var ref = pidMode.substring(CONTAINER.length());
      paths.put("pid", "/proc/" + running(ref, store).record().state().pid() + "/ns/pid");
    }
    return new NamespaceJoins(paths, shm);
  }

  static Path shmPath(ContainerStore store, String id) {
    return store.dir(id).resolve("mounts").resolve("shm");
  }

  private static Path mountShm(Path dir, long shmSize) {
    try {
      Files.createDirectories(dir);
      if (!Mounts.isMountPoint(dir)) {
        long size = shmSize > 0 ? shmSize : 64L * 1024 * 1024;
        Mounts.mount("shm", dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=" + size);
      }
      return dir;
    } catch (IOException e) {
      throw new SystemError("failed to mount the shareable /dev/shm: " + e.getMessage(), e);
    }
  }

  /** Unmounts a shareable container's /dev/shm (after it stopped); idempotent. */
  static void release(ContainerStore store, String id) {
    try {
      Mounts.unmountIfMounted(shmPath(store, id));
    } catch (IOException e) {
      throw new SystemError("failed to unmount /dev/shm of " + id + ": " + e.getMessage(), e);
    }
  }

  private static Container running(String ref, ContainerStore store) {
    Container c;
    try {
      c = store.lookup(ref);
    } catch (NotFound e) {
      throw new InvalidArgument(e.getMessage());
    }
    if (!c.running()) throw new Conflict("container " + ref + " is not running");
    if (c.record().state().restarting()) {
      throw new Conflict("Container " + ref + " is restarting, wait until the container is running");
    }
    return c;
  }

  /**
   * moby's {@code IpcMode.Valid}/{@code PidMode.Valid}/{@code UTSMode.Valid} at create; an empty
   * IPC mode becomes the daemon default, {@code private}.
   */
  static void validate(HostConfig hc) {
    var ipc = hc.ipcMode() == null ? "" : hc.ipcMode();
    if (!(ipc.isEmpty() || ipc.equals("private") || ipc.equals("shareable") || ipc.equals("host") || ipc.equals("none")
        || ipc.startsWith(CONTAINER) && ipc.length() > CONTAINER.length())) {
      throw new InvalidArgument("invalid IPC mode: " + ipc);
    }
    var pid = hc.pidMode() == null ? "" : hc.pidMode();
    if (!(pid.isEmpty() || pid.equals("host") || pid.startsWith(CONTAINER) && pid.length() > CONTAINER.length())) {
      throw new InvalidArgument("invalid PID mode: " + pid);
    }
    var uts = hc.utsMode() == null ? "" : hc.utsMode();
    if (!(uts.isEmpty() || uts.equals("host"))) {
      throw new InvalidArgument("invalid UTS mode: " + uts);
    }
  }
}
