package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceJoinSpecTest {
  @TempDir Path rootfs;
  private final OciSpecBuilder builder = new OciSpecBuilder(FakeHost.standard());

  @Test
  void joinedIpcAndPidNamespacesAreGivenByPathAndShmIsTheDonors() {
    var in = SpecInputs.of(rootfs, "{}", "{\"IpcMode\":\"container:d\",\"PidMode\":\"container:d\"}", "");
    in = new SpecInput(in.id(), in.config(), in.hostConfig(), in.args(), in.env(), in.workingDir(), in.user(), in.rootfs(),
        in.hostname(), in.hostsFile(), in.hostnameFile(), in.resolvConfFile(), in.netnsPath(), in.cgroupsPath(), in.mounts(),
        Map.of("ipc", "/proc/42/ns/ipc", "pid", "/proc/42/ns/pid"), "/proc/42/root/dev/shm");
    var spec = builder.build(in);
    List<Map<String, Object>> namespaces = SpecInputs.at(spec, "linux", "namespaces");
    assertThat(namespaces).contains(Map.of("type", "ipc", "path", "/proc/42/ns/ipc"), Map.of("type", "pid", "path", "/proc/42/ns/pid"));
    List<Map<String, Object>> mounts = SpecInputs.at(spec, "mounts");
    var shm = mounts.stream().filter(m -> m.get("destination").equals("/dev/shm")).toList();
    assertThat(shm).hasSize(1);
    assertThat(shm.getFirst()).containsEntry("source", "/proc/42/root/dev/shm").containsEntry("type", "bind");
  }

  @Test
  void hostModesLeaveTheNamespacesOut() {
    var spec = builder.build(SpecInputs.of(rootfs, "{}", "{\"IpcMode\":\"host\",\"PidMode\":\"host\",\"UTSMode\":\"host\"}", ""));
    List<Map<String, Object>> namespaces = SpecInputs.at(spec, "linux", "namespaces");
    assertThat(namespaces).extracting(n -> n.get("type")).doesNotContain("ipc", "pid", "uts");
  }
}
