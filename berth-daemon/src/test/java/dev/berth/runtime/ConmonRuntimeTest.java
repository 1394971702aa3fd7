package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.SystemError;
import dev.berth.os.Mounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** Real conmon + runc + overlayfs: runs only as root with both binaries installed. */
@Tag("runtime")
@EnabledIf("dev.berth.runtime.ConmonRuntimeTest#runnable")
class ConmonRuntimeTest {
  private static final String CGROUP_PARENT = "/berth-rt-test";
  @TempDir static Path tmp;
  static Path lower;
  static ConmonRuntime runtime;
  static final Map<String, Boolean> exited = new ConcurrentHashMap<>();
  final List<String> created = new ArrayList<>();
  static final List<Long> createMillis = new ArrayList<>();
  static final List<Long> startMillis = new ArrayList<>();

  static boolean runnable() {
    try {
      ConmonRuntime.which("conmon");
      ConmonRuntime.which("runc");
    } catch (RuntimeException e) {
      return false;
    }
    return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/bin/busybox"));
  }

  @BeforeAll
  static void busyboxRootfs() throws IOException {
    lower = Files.createDirectories(tmp.resolve("lower"));
    for (var dir : List.of("bin", "etc", "proc", "sys", "dev", "tmp")) Files.createDirectories(lower.resolve(dir));
    Files.copy(Path.of("/bin/busybox"), lower.resolve("bin/busybox"));
    for (var tool : List.of("sh", "cat", "sleep", "echo", "true", "stty", "id", "tail", "grep", "unshare", "touch", "ls")) {
      Files.createSymbolicLink(lower.resolve("bin").resolve(tool), Path.of("busybox"));
    }
    Files.writeString(lower.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n");
    Files.writeString(lower.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
    runtime = ConmonRuntime.onHost(tmp.resolve("exec"));
    runtime.onExit(id -> exited.put(id, true));
  }

  @AfterEach
  void deleteEverything() throws IOException {
    for (var id : created) {
      runtime.delete(id);
      Mounts.unmountIfMounted(tmp.resolve(id).resolve("merged"));
    }
    for (var id : created) assertNothingLeft(id);
    assertThat(Mounts.mountPointsUnder(tmp)).isEmpty();
  }

  @AfterAll
  static void report() {
    if (runtime != null) runtime.close();
    if (!createMillis.isEmpty()) {
      System.out.printf("conmon+runc create->pid median %d ms %s; start median %d ms %s%n",
          median(createMillis), createMillis, median(startMillis), startMillis);
    }
  }

  private static long median(List<Long> values) {
    var sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private void assertNothingLeft(String id) {
    assertThat(runtime.monitorAlive(id)).as("conmon alive for " + id).isFalse();
    assertThat(new CgroupDirs(Path.of("/sys/fs/cgroup")).existing(CGROUP_PARENT + "/" + id)).isEmpty();
    assertThat(tmp.resolve("exec").resolve(id)).doesNotExist();
    assertThat(tmp.resolve("exec/exits").resolve(id)).doesNotExist();
    assertThat(tmp.resolve("exec/runc").resolve(id)).doesNotExist();
    var conmons = ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(id)).orElse(false)).toList();
    assertThat(conmons).as("processes mentioning " + id).isEmpty();
  }

  private static String newId() {
    var bytes = new byte[32];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private String createAs(String user, List<String> args) throws IOException {
    return create(args, "{}", "{}", false, false, user);
  }

  private String create(List<String> args, String configJson, String hostConfigJson, boolean openStdin,
      boolean stdinOnce) throws IOException {
    return create(args, configJson, hostConfigJson, openStdin, stdinOnce, "");
  }

  private String create(List<String> args, String configJson, String hostConfigJson, boolean openStdin,
      boolean stdinOnce, String user) throws IOException {
    var id = newId();
    created.add(id);
    var base = Files.createDirectories(tmp.resolve(id));
    var merged = Files.createDirectories(base.resolve("merged"));
    Files.createDirectories(base.resolve("upper"));
    Files.createDirectories(base.resolve("work"));
    Mounts.mountOverlay("lowerdir=" + lower + ",upperdir=" + base.resolve("upper") + ",workdir=" + base.resolve("work"),
        merged);
    var hosts = Files.writeString(base.resolve("hosts"), "127.0.0.1 localhost\n");
    var hostname = Files.writeString(base.resolve("hostname"), "box\n");
    var resolv = Files.writeString(base.resolve("resolv.conf"), "nameserver 127.0.0.1\n");
    var input = new SpecInput(id, SpecInputs.config(configJson), SpecInputs.hostConfig(hostConfigJson), args,
        List.of("PATH=/bin", "HOSTNAME=box"), "/", user, merged, "box", hosts, hostname, resolv, null,
        CGROUP_PARENT + "/" + id, List.of());
    var spec = new OciSpecBuilder(KernelFacts.probe()).build(input);
    boolean tty = SpecInputs.config(configJson).tty();
    long t0 = System.nanoTime();
    int pid = runtime.create(new CreateRequest(id, spec, tty, openStdin, stdinOnce, base.resolve("ctr.log")));
    createMillis.add((System.nanoTime() - t0) / 1_000_000);
    assertThat(pid).isPositive();
    return id;
  }

  private void start(String id) {
    long t0 = System.nanoTime();
    runtime.start(id);
    startMillis.add((System.nanoTime() - t0) / 1_000_000);
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.onSpinWait();
    }
  }

  private OptionalInt awaitExit(String id) {
    await("exit event of " + id, () -> exited.containsKey(id));
    return runtime.exitCode(id);
  }

  @Test
  void runsAContainerAndReportsItsExitCodeAndLog() throws Exception {
    var id = create(List.of("sh", "-c", "echo hi; echo oops >&2; exit 3"), "{}", "{}", false, false);
    assertThat(runtime.monitorAlive(id)).isTrue();
    assertThat(runtime.exitCode(id)).isEmpty();
    int conmonPid = Integer.parseInt(Files.readString(tmp.resolve("exec").resolve(id).resolve("conmon.pid")).strip());
    assertThat(session(conmonPid)).as("conmon runs in its own session").isNotEqualTo(session(ProcessHandle.current().pid()));
    start(id);
    assertThat(awaitExit(id)).hasValue(3);
    assertThat(runtime.oomKilled(id)).isFalse();
    var log = Files.readString(tmp.resolve(id).resolve("ctr.log"));
    assertThat(log).containsPattern("(?m)^\\S+ stdout F hi$").containsPattern("(?m)^\\S+ stderr F oops$");
    await("conmon exit", () -> !runtime.monitorAlive(id));
  }

  @Test
  void attachPipesStdinAndStdoutAndStdinEofEndsTheContainer() throws Exception {
    var id = create(List.of("cat"), "{\"OpenStdin\":true,\"StdinOnce\":true}", "{}", true, true);
    try (var io = runtime.attach(id)) {
      start(id);
      var msg = "hello through conmon\n".getBytes(StandardCharsets.UTF_8);
      io.write(msg, 0, msg.length);
      var got = new StringBuilder();
      while (got.length() < msg.length) {
        var chunk = io.read();
        assertThat(chunk).isNotNull();
        assertThat(chunk.stream()).isEqualTo(1);
        got.append(new String(chunk.data(), StandardCharsets.UTF_8));
      }
      assertThat(got.toString()).isEqualTo("hello through conmon\n");
      io.closeStdin();
      assertThat(awaitExit(id)).hasValue(0);
      assertThat(io.read()).isNull();
    }
  }

  @Test
  void ttyContainerGetsItsSizeFromResize() throws Exception {
    var id = create(List.of("sh", "-c", "read line; stty size"), "{\"Tty\":true,\"OpenStdin\":true,\"StdinOnce\":true}",
        "{}", true, true);
    try (var io = runtime.attach(id)) {
      start(id);
      runtime.resize(id, 40, 100);
      var line = "go\n".getBytes(StandardCharsets.UTF_8);
      io.write(line, 0, line.length);
      var got = new StringBuilder();
      for (var c = io.read(); c != null; c = io.read()) got.append(new String(c.data(), StandardCharsets.UTF_8));
      assertThat(got.toString()).contains("40 100");
    }
    assertThat(awaitExit(id)).hasValue(0);
  }

  @Test
  void sigtermKillsASleepingContainerWith143() throws Exception {
    // a pid-1 process ignores signals it has no handler for, so the sleep runs in the host's pid ns
    var id = create(List.of("sleep", "100"), "{}", "{\"PidMode\":\"host\"}", false, false);
    start(id);
    runtime.kill(id, Signals.parse("SIGTERM"));
    assertThat(awaitExit(id)).hasValue(143);
    runtime.kill(id, Signals.SIGKILL); // already gone: not an error
  }

  @Test
  void defaultSecurityIsInForceInsideTheContainer() throws Exception {
    var id = create(List.of("sh", "-c",
        "grep -E '^(Seccomp|CapEff|CapInh|NoNewPrivs):' /proc/self/status; unshare -n true || echo unshare denied;"
            + " echo x > /proc/sys/kernel/hostname || echo proc-sys read-only"), "{}", "{}", false, false);
    start(id);
    assertThat(awaitExit(id)).hasValue(0);
    var log = Files.readString(tmp.resolve(id).resolve("ctr.log"));
    assertThat(log).contains("stdout F Seccomp:\t2", "stdout F CapEff:\t00000000a80425fb",
        "stdout F CapInh:\t0000000000000000", "stdout F unshare denied", "stdout F proc-sys read-only");
  }

  private static String session(long pid) throws IOException {
    var stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return fields[3]; // state ppid pgrp session
  }

  @Test
  void privilegedReadonlyRootfsAndNamedUser() throws Exception {
    var privileged = create(List.of("sh", "-c",
        "grep -E '^(Seccomp|CapEff):' /proc/self/status; ls /dev/null >/dev/null && echo devices ok"),
        "{}", "{\"Privileged\":true}", false, false);
    var readonly = create(List.of("sh", "-c", "touch /x || echo rootfs read-only; touch /dev/shm/y && echo shm writable"),
        "{}", "{\"ReadonlyRootfs\":true}", false, false);
    for (var c : List.of(privileged, readonly)) start(c);
    assertThat(awaitExit(privileged)).hasValue(0);
    assertThat(Files.readString(tmp.resolve(privileged).resolve("ctr.log")))
        .contains("stdout F Seccomp:\t0", "stdout F CapEff:\t" + String.format("%016x", KernelFacts.probe().boundingSet()), "stdout F devices ok");
    assertThat(awaitExit(readonly)).hasValue(0);
    assertThat(Files.readString(tmp.resolve(readonly).resolve("ctr.log")))
        .contains("stdout F rootfs read-only", "stdout F shm writable");
  }

  @Test
  void userFromTheImageRunsTheProcess() throws Exception {
    var id = createAs("nobody", List.of("id"));
    start(id);
    assertThat(awaitExit(id)).hasValue(0);
    assertThat(Files.readString(tmp.resolve(id).resolve("ctr.log"))).contains("uid=65534(nobody) gid=65534(nogroup)");
  }

  @Test
  void memoryLimitOomKillIsReported() throws Exception {
    var id = create(List.of("tail", "/dev/zero"), "{}", "{\"Memory\":16777216}", false, false);
    start(id);
    assertThat(awaitExit(id)).hasValue(137);
    assertThat(runtime.oomKilled(id)).isTrue();
  }

  @Test
  void createFailureCarriesRuncsMessageAndLeavesNothing() throws Exception {
    assertThatThrownBy(() -> create(List.of("/no/such/binary"), "{}", "{}", false, false))
        .isInstanceOf(SystemError.class)
        .hasMessageContaining("/no/such/binary");
  }

  @Test
  void aNewRuntimeInstanceFindsContainersFromDisk() throws Exception {
    var running = create(List.of("sleep", "100"), "{}", "{\"PidMode\":\"host\"}", false, false);
    var done = create(List.of("true"), "{}", "{}", false, false);
    start(running);
    start(done);
    assertThat(awaitExit(done)).hasValue(0);
    try (var restarted = ConmonRuntime.onHost(tmp.resolve("exec"))) {
      assertThat(restarted.ids()).contains(running, done);
      assertThat(restarted.exitCode(done)).hasValue(0);
      assertThat(restarted.monitorAlive(running)).isTrue();
      assertThat(restarted.exitCode(running)).isEmpty();
      restarted.kill(running, Signals.SIGKILL);
    }
    assertThat(awaitExit(running)).hasValue(137);
  }

  @Test
  void idsListsEveryContainerWithStateAndDeleteRemovesWhatACrashLeft() throws Exception {
    var running = create(List.of("sleep", "100"), "{}", "{}", false, false);
    start(running);
    var halfCreated = newId(); // runc made its state dir, then the daemon died before state.json
    created.add(halfCreated);
    Files.createDirectories(tmp.resolve("exec/runc").resolve(halfCreated));
    Files.createDirectories(tmp.resolve("exec/netns"));
    Files.createDirectories(tmp.resolve("exec/execs/0123456789abcdef"));
    try {
      assertThat(runtime.ids()).contains(running, halfCreated).doesNotContain("netns", "execs", "exits", "runc");
      runtime.delete(running);
      runtime.delete(halfCreated);
      assertThat(runtime.ids()).doesNotContain(running, halfCreated);
    } finally {
      Files.delete(tmp.resolve("exec/netns"));
      Files.delete(tmp.resolve("exec/execs/0123456789abcdef"));
    }
  }

  @Test
  void latencyOfTrue() throws Exception {
    for (int i = 0; i < 5; i++) {
      var id = create(List.of("true"), "{}", "{}", false, false);
      start(id);
      assertThat(awaitExit(id)).hasValue(0);
    }
  }
}
