package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The start-up sweep of containers whose record vanished: berthd is killed (-9) with a container
 * running, the container's record file is deleted by hand, and the next berthd leaves no process,
 * conmon, mount, cgroup, runc state or runtime dir of it.
 */
@BerthTest
class CrashLeftoversIT {
  private static final Duration T = Duration.ofSeconds(60);

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void aContainerWhoseRecordVanishedInACrashIsRemovedAtTheNextStart(Daemons daemons) throws Exception {
    BerthDaemon d = daemons.start().ensureBusybox();
    Docker docker = d.docker();
    String id = docker.ok("run", "-d", "busybox", "sleep", "300").stdout();
    long pid = docker.inspect(id).path("State").path("Pid").asLong();
    long conmon = Long.parseLong(Files.readString(d.execRoot().resolve(id).resolve("conmon.pid")).strip());
    Path layer = d.dataRoot().resolve("overlay").resolve(id);
    assertThat(alive(pid)).isTrue();
    assertThat(alive(conmon)).isTrue();
    assertThat(LeakScan.cgroups(Set.of(id))).isNotEmpty();
    assertThat(LeakScan.mountsUnder(layer)).isNotEmpty();
    assertThat(LeakScan.runcState(d.execRoot().resolve("runc"))).isNotEmpty();

    d.kill9();
    Files.delete(d.dataRoot().resolve("containers").resolve(id).resolve("config.v2.json"));
    long logMark = d.mark("restart after deleting the record of " + id);
    d.start();

    assertThat(docker.run("inspect", id).exitCode()).isNotZero();
    Await.until(T, "container process and conmon gone", () -> !alive(pid) && !alive(conmon));
    assertThat(LeakScan.processes(d.dir(), Set.of(id))).allMatch(p -> p.pid() == d.pid());
    assertThat(LeakScan.cgroups(Set.of(id))).isEmpty();
    assertThat(LeakScan.mountsUnder(d.dir())).isEmpty();
    assertThat(LeakScan.runcState(d.execRoot())).isEmpty();
    assertThat(d.execRoot().resolve(id)).doesNotExist();
    assertThat(d.execRoot().resolve("runc").resolve(id)).doesNotExist();
    assertThat(d.execRoot().resolve("exits").resolve(id)).doesNotExist();
    assertThat(layer).doesNotExist();
    assertThat(d.dataRoot().resolve("containers").resolve(id)).doesNotExist();
    assertThat(d.logSince(logMark)).contains("removing the runtime state of container " + id);
    // the daemon still works
    assertThat(docker.ok("run", "--rm", "busybox", "echo", "ok").stdout()).isEqualTo("ok");
  }
}
