package dev.berth.runtime;

import static dev.berth.runtime.SpecInputs.at;
import static dev.berth.runtime.SpecInputs.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.SystemError;
import dev.berth.model.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciSpecBuilderTest {
  @TempDir Path tmp;
  Path rootfs;
  final OciSpecBuilder builder = new OciSpecBuilder(FakeHost.standard());

  @BeforeEach
  void rootfs() throws Exception {
    rootfs = Files.createDirectories(tmp.resolve("rootfs"));
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nwww:x:33:33::/var/www:/bin/sh\n");
    Files.writeString(rootfs.resolve("etc/group"),
        "root:x:0:\ndaemon:x:1:\nwww:x:33:\nwheel:x:10:www,daemon\naudio:x:29:www\n");
  }

  private Map<String, Object> build(String config, String hostConfig, String user) {
    return builder.build(of(rootfs, config, hostConfig, user));
  }

  private Map<String, Object> defaults() {
    return build("{}", "{}", "");
  }

  @Test
  void defaultCapabilitiesAreDockerdsFourteenAndInheritableIsEmpty() {
    Map<String, Object> caps = at(defaults(), "process", "capabilities");
    var golden = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
        "CAP_KILL", "CAP_AUDIT_WRITE");
    assertThat(caps).containsOnlyKeys("bounding", "effective", "permitted");
    assertThat(caps.get("bounding")).isEqualTo(golden);
    assertThat(caps.get("effective")).isEqualTo(golden);
    assertThat(caps.get("permitted")).isEqualTo(golden);
    // CapEff a80425fb: the same 14 bits
    long mask = 0;
    for (var c : golden) mask |= 1L << Capabilities.known(40).indexOf(c);
    assertThat(Long.toHexString(mask)).isEqualTo("a80425fb");
  }

  @Test
  void capAddAndDropFollowDockerdsRules() {
    List<String> caps = at(build("{}", "{\"CapAdd\":[\"net_admin\"],\"CapDrop\":[\"CAP_MKNOD\",\"chown\"]}", ""),
        "process", "capabilities", "bounding");
    assertThat(caps).contains("CAP_NET_ADMIN").doesNotContain("CAP_MKNOD", "CAP_CHOWN").hasSize(13);
    List<String> dropAll = at(build("{}", "{\"CapAdd\":[\"mknod\"],\"CapDrop\":[\"ALL\"]}", ""),
        "process", "capabilities", "bounding");
    assertThat(dropAll).containsExactly("CAP_MKNOD");
    List<String> addAll = at(build("{}", "{\"CapAdd\":[\"ALL\"],\"CapDrop\":[\"NET_ADMIN\"]}", ""),
        "process", "capabilities", "bounding");
    assertThat(addAll).hasSize(40).doesNotContain("CAP_NET_ADMIN");
    assertThatThrownBy(() -> build("{}", "{\"CapAdd\":[\"FOO\"]}", ""))
        .isInstanceOf(InvalidArgument.class).hasMessage("unknown capability: \"CAP_FOO\"");
    // a capability outside the daemon's bounding set: not in "all", and refused by name like dockerd
    var noSysResource = new OciSpecBuilder(new FakeHost(1_048_576, 40, 0x1fffeffffffL, false, List.of(), Map.of()));
    List<String> all = at(noSysResource.build(of(rootfs, "{}", "{\"CapAdd\":[\"ALL\"]}", "")),
        "process", "capabilities", "bounding");
    assertThat(all).hasSize(40).doesNotContain("CAP_SYS_RESOURCE");
    assertThatThrownBy(() -> noSysResource.build(of(rootfs, "{}", "{\"CapAdd\":[\"SYS_RESOURCE\"]}", "")))
        .isInstanceOf(InvalidArgument.class).hasMessage(
            "capability not supported by your kernel or not available in the current environment: \"CAP_SYS_RESOURCE\"");
  }

  @Test
  void defaultMountsMatchDockerd() {
    List<Map<String, Object>> mounts = at(defaults(), "mounts");
    assertThat(mounts).extracting(m -> m.get("destination")).containsExactly("/proc", "/dev", "/dev/pts", "/sys",
        "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm", "/etc/resolv.conf", "/etc/hostname", "/etc/hosts");
    assertThat(mounts.get(3)).isEqualTo(Map.of("destination", "/sys", "type", "sysfs", "source", "sysfs",
        "options", List.of("nosuid", "noexec", "nodev", "ro")));
    assertThat(mounts.get(6).get("options")).isEqualTo(List.of("nosuid", "noexec", "nodev", "mode=1777", "size=67108864"));
    assertThat(mounts.get(9)).isEqualTo(Map.of("destination", "/etc/hosts", "type", "bind", "source", "/x/hosts",
        "options", List.of("rbind", "rprivate")));
    List<Map<String, Object>> sized = at(build("{}", "{\"ShmSize\":1048576}", ""), "mounts");
    assertThat(sized.get(6).get("options")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .contains("size=1048576");
  }

  @Test
  void userMountReplacesTheDefaultAtItsDestination() {
    var in = of(rootfs, "{}", "{}", "");
    in = new SpecInput(in.id(), in.config(), in.hostConfig(), in.args(), in.env(), in.workingDir(), in.user(),
        in.rootfs(), in.hostname(), in.hostsFile(), in.hostnameFile(), in.resolvConfFile(), null, in.cgroupsPath(),
        List.of(new MountSpec("/dev/shm", "tmpfs", "tmpfs", List.of("size=1m")),
            new MountSpec("/data/x", "bind", "/srv/x", List.of("rbind", "ro", "rprivate"))));
    List<Map<String, Object>> mounts = at(builder.build(in), "mounts");
    assertThat(mounts).extracting(m -> m.get("destination")).containsExactly("/proc", "/dev", "/dev/pts", "/sys",
        "/sys/fs/cgroup", "/dev/mqueue", "/etc/resolv.conf", "/etc/hostname", "/etc/hosts", "/dev/shm", "/data/x");
    assertThat(mounts.get(9).get("options")).isEqualTo(List.of("size=1m"));
  }

  @Test
  void sharedOrSlaveBindsSetTheRootfsPropagationAsDockerd() {
    var bind = (java.util.function.Function<String, MountSpec>) p -> new MountSpec("/m", "bind", "/s", List.of("rbind", p));
    assertThat(OciSpecBuilder.rootfsPropagation(List.of(bind.apply("rprivate")))).isEmpty();
    assertThat(OciSpecBuilder.rootfsPropagation(List.of(bind.apply("rshared")))).contains("shared");
    assertThat(OciSpecBuilder.rootfsPropagation(List.of(bind.apply("shared")))).contains("shared");
    assertThat(OciSpecBuilder.rootfsPropagation(List.of(bind.apply("slave")))).contains("rslave");
    assertThat(OciSpecBuilder.rootfsPropagation(List.of(bind.apply("rslave"), bind.apply("rshared")))).contains("shared");
    assertThat((Object) at(defaults(), "linux", "rootfsPropagation")).isNull();
  }

  @Test
  void maskedAndReadonlyPathsAreDockerds() {
    var spec = defaults();
    assertThat((List<String>) at(spec, "linux", "maskedPaths")).containsExactly("/proc/acpi", "/proc/asound",
        "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/sched_debug", "/proc/scsi",
        "/proc/timer_list", "/proc/timer_stats", "/sys/devices/virtual/powercap", "/sys/firmware",
        "/sys/devices/system/cpu/cpu0/thermal_throttle");
    assertThat((List<String>) at(spec, "linux", "readonlyPaths"))
        .containsExactly("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
  }

  @Test
  void namespacesSysctlsAndCgroupsPath() {
    var spec = defaults();
    assertThat((List<Map<String, Object>>) at(spec, "linux", "namespaces")).extracting(n -> n.get("type"))
        .containsExactly("mount", "network", "uts", "pid", "ipc");
    assertThat((Map<String, String>) at(spec, "linux", "sysctl")).containsExactly(
        Map.entry("net.ipv4.ping_group_range", "0 2147483647"), Map.entry("net.ipv4.ip_unprivileged_port_start", "0"));
    assertThat((String) at(spec, "linux", "cgroupsPath")).isEqualTo("/berth/abc123");
    var host = build("{}", "{\"NetworkMode\":\"host\",\"Sysctls\":{\"kernel.msgmax\":\"1\"}}", "");
    assertThat((List<Map<String, Object>>) at(host, "linux", "namespaces")).extracting(n -> n.get("type"))
        .containsExactly("mount", "uts", "pid", "ipc");
    assertThat((Map<String, String>) at(host, "linux", "sysctl")).containsExactly(Map.entry("kernel.msgmax", "1"));
    var in = of(rootfs, "{}", "{}", "");
    var joined = builder.build(new SpecInput(in.id(), in.config(), in.hostConfig(), in.args(), in.env(), "/w", "",
        rootfs, "h", null, null, null, "/run/netns/x", "/berth/abc123", null));
    assertThat((List<Map<String, Object>>) at(joined, "linux", "namespaces")).contains(
        Map.of("type", "network", "path", "/run/netns/x"));
    assertThat((String) at(joined, "process", "cwd")).isEqualTo("/w");
  }

  @Test
  void deviceCgroupDeniesAllThenAllowsTheDefaults() {
    List<Map<String, Object>> rules = at(defaults(), "linux", "resources", "devices");
    assertThat(rules.getFirst()).isEqualTo(Map.of("allow", false, "access", "rwm"));
    assertThat(rules).contains(Map.of("allow", true, "type", "c", "major", 1L, "minor", 3L, "access", "rwm"),
        Map.of("allow", false, "type", "c", "major", 10L, "minor", 229L, "access", "rwm"));
    assertThat(rules).hasSize(8);
    assertThat((List<Object>) at(defaults(), "linux", "devices")).isEmpty();
  }

  @Test
  void resourcesFromHostConfig() {
    var spec = build("{}", "{\"Memory\":67108864,\"NanoCpus\":1500000000,\"CpuShares\":512,\"PidsLimit\":100,"
        + "\"CpusetCpus\":\"0\",\"BlkioWeight\":300}", "");
    Map<String, Object> r = at(spec, "linux", "resources");
    assertThat((Map<String, Object>) r.get("memory")).containsEntry("limit", 67108864L).containsEntry("swap", 134217728L);
    assertThat((Map<String, Object>) r.get("cpu")).containsEntry("shares", 512L).containsEntry("quota", 150000L)
        .containsEntry("period", 100000L).containsEntry("cpus", "0");
    assertThat(r.get("pids")).isEqualTo(Map.of("limit", 100L));
    assertThat(r.get("blockIO")).isEqualTo(Map.of("weight", 300));
  }

  @Test
  void rlimitsDefaultNofileAndUlimitsOverride() {
    assertThat((List<Object>) at(defaults(), "process", "rlimits"))
        .containsExactly(Map.of("type", "RLIMIT_NOFILE", "hard", 1048576L, "soft", 1048576L));
    var spec = build("{}", "{\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":1024,\"Hard\":2048},"
        + "{\"Name\":\"nproc\",\"Soft\":10,\"Hard\":20}]}", "");
    assertThat((List<Object>) at(spec, "process", "rlimits")).containsExactly(
        Map.of("type", "RLIMIT_NOFILE", "hard", 2048L, "soft", 1024L),
        Map.of("type", "RLIMIT_NPROC", "hard", 20L, "soft", 10L));
  }

  @Test
  void defaultNofileNeverExceedsTheDaemonsOwnHardLimit() {
    var limited = new OciSpecBuilder(new FakeHost(20000, 40, -1L, false, List.of(), Map.of()));
    assertThat((List<Object>) at(limited.build(of(rootfs, "{}", "{}", "")), "process", "rlimits"))
        .containsExactly(Map.of("type", "RLIMIT_NOFILE", "hard", 20000L, "soft", 20000L));
  }

  @Test
  void ttyConsoleSizeAndTerm() {
    var spec = build("{\"Tty\":true}", "{\"ConsoleSize\":[40,100]}", "");
    assertThat((Boolean) at(spec, "process", "terminal")).isTrue();
    assertThat((Map<String, Object>) at(spec, "process", "consoleSize")).isEqualTo(Map.of("height", 40, "width", 100));
    assertThat((List<String>) at(spec, "process", "env")).contains("TERM=xterm");
    assertThat((Boolean) at(defaults(), "process", "terminal")).isFalse();
    assertThat((List<String>) at(defaults(), "process", "env")).noneMatch(e -> e.startsWith("TERM="));
  }

  @Test
  void readonlyRootfsMakesRootAndNonSpecialMountsReadonly() {
    var spec = build("{}", "{\"ReadonlyRootfs\":true}", "");
    assertThat((Boolean) at(spec, "root", "readonly")).isTrue();
    List<Map<String, Object>> mounts = at(spec, "mounts");
    for (var m : mounts) {
      var dest = (String) m.get("destination");
      var options = (List<String>) m.get("options");
      if (List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue").contains(dest)) {
        assertThat(options).as(dest).doesNotContain("ro");
      } else {
        assertThat(options).as(dest).contains("ro");
      }
    }
    assertThat((Boolean) at(defaults(), "root", "readonly")).isFalse();
  }

  @Test
  void privilegedGetsAllCapsNoMaskedPathsWritableSysAndAllDevices() {
    var spec = build("{}", "{\"Privileged\":true,\"CapDrop\":[\"ALL\"]}", "");
    assertThat((List<String>) at(spec, "process", "capabilities", "bounding")).hasSize(41).contains("CAP_SYS_ADMIN");
    assertThat((Map<String, Object>) at(spec, "linux")).doesNotContainKeys("maskedPaths", "readonlyPaths");
    List<Map<String, Object>> mounts = at(spec, "mounts");
    assertThat(mounts.get(3).get("options")).isEqualTo(List.of("nosuid", "noexec", "nodev"));
    assertThat(mounts.get(4).get("options")).isEqualTo(List.of("nosuid", "noexec", "nodev"));
    assertThat((List<Object>) at(spec, "linux", "resources", "devices"))
        .containsExactly(Map.of("allow", true, "access", "rwm"));
    assertThat((List<Map<String, Object>>) at(spec, "linux", "devices")).extracting(d -> d.get("path"))
        .containsExactly("/dev/fuse", "/dev/sda");
  }

  @Test
  void noNewPrivilegesFromSecurityOpt() {
    assertThat((Map<String, Object>) at(defaults(), "process")).doesNotContainKey("noNewPrivileges");
    assertThat((Boolean) at(build("{}", "{\"SecurityOpt\":[\"no-new-privileges\"]}", ""), "process", "noNewPrivileges"))
        .isTrue();
    assertThat((Boolean) at(build("{}", "{\"SecurityOpt\":[\"no-new-privileges=true\"]}", ""), "process",
        "noNewPrivileges")).isTrue();
    assertThat((Map<String, Object>) at(build("{}", "{\"SecurityOpt\":[\"no-new-privileges=false\"]}", ""), "process"))
        .doesNotContainKey("noNewPrivileges");
  }

  @Test
  void usersResolveFromTheRootfs() {
    assertThat((Map<String, Object>) at(defaults(), "process", "user"))
        .isEqualTo(Map.of("uid", 0L, "gid", 0L, "additionalGids", List.of(0L)));
    assertThat((Map<String, Object>) at(build("{}", "{}", "www"), "process", "user"))
        .isEqualTo(Map.of("uid", 33L, "gid", 33L, "additionalGids", List.of(33L, 10L, 29L)));
    assertThat((Map<String, Object>) at(build("{}", "{}", "www:daemon"), "process", "user"))
        .isEqualTo(Map.of("uid", 33L, "gid", 1L, "additionalGids", List.of(1L)));
    assertThat((Map<String, Object>) at(build("{}", "{}", "1234:5678"), "process", "user"))
        .isEqualTo(Map.of("uid", 1234L, "gid", 5678L, "additionalGids", List.of(5678L)));
    assertThat((Map<String, Object>) at(build("{}", "{\"GroupAdd\":[\"audio\",\"4000\"]}", "33"), "process", "user"))
        .isEqualTo(Map.of("uid", 33L, "gid", 33L, "additionalGids", List.of(33L, 10L, 29L, 4000L)));
    assertThatThrownBy(() -> build("{}", "{}", "xyz")).isInstanceOf(SystemError.class)
        .hasMessage("unable to find user xyz: no matching entries in passwd file");
    assertThatThrownBy(() -> build("{}", "{}", "www:nogroup")).isInstanceOf(SystemError.class)
        .hasMessage("unable to find group nogroup: no matching entries in group file");
  }

  @Test
  void numericUserNeedsNoPasswdFile() throws Exception {
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.delete(rootfs.resolve("etc/group"));
    assertThat((Map<String, Object>) at(build("{}", "{}", "1000"), "process", "user"))
        .isEqualTo(Map.of("uid", 1000L, "gid", 0L, "additionalGids", List.of(0L)));
    assertThatThrownBy(() -> build("{}", "{}", "root")).hasMessageContaining("no matching entries in passwd file");
  }

  @Test
  void symlinkedPasswdNeverReadsHostFiles() throws Exception {
    // a host "passwd" outside the rootfs with a user the rootfs does not have
    Files.writeString(tmp.resolve("passwd"), "hostonly:x:4242:4242::/:/bin/sh\n");
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("../../passwd"));
    assertThatThrownBy(() -> build("{}", "{}", "hostonly")).hasMessage(
        "unable to find user hostonly: no matching entries in passwd file");
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), tmp.resolve("passwd"));
    assertThatThrownBy(() -> build("{}", "{}", "hostonly")).isInstanceOf(SystemError.class);
    // an absolute link is resolved inside the rootfs
    Files.createDirectories(rootfs.resolve("real"));
    Files.writeString(rootfs.resolve("real/passwd"), "inside:x:77:77::/:/bin/sh\n");
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/real/passwd"));
    assertThat((Long) at(build("{}", "{}", "inside"), "process", "user", "uid")).isEqualTo(77L);
  }

  @Test
  void specSerializesToJson() throws Exception {
    var json = Json.mapper().writeValueAsString(defaults());
    assertThat(json).startsWith("{\"ociVersion\":\"1.0.2-dev\",\"process\":{\"terminal\":false");
  }
}
