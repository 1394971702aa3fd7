package dev.berth.engine.exec;

import dev.berth.engine.container.DetachKeys;
import dev.berth.runtime.ExecProcess;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One exec instance: its config and run state. State changes under this object's monitor. */
final class Exec {
  final String id;
  final String containerId;
  final ExecConfig config;
  final DetachKeys detachKeys;
  /** Epoch nanos at create, to tell this container run's execs from the last one's. */
  final long createdNanos;
  private boolean started;
  private boolean running;
  private Integer exitCode;
  private int pid;
  private ExecProcess process;

  Exec(String id, String containerId, ExecConfig config, DetachKeys detachKeys) {
    this.id = id;
    this.containerId = containerId;
    this.config = config;
    this.detachKeys = detachKeys;
    var now = java.time.Instant.now();
    this.createdNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Claims the exec for one start; false when it was started before. */
  synchronized boolean claim() {
    if (started) return false;
    started = true;
    return true;
  }

  synchronized boolean running() {
    return running;
  }

  synchronized boolean finished() {
    return exitCode != null;
  }

  synchronized void running(ExecProcess p) {
    process = p;
    pid = p.pid();
    running = true;
    notifyAll();
  }

  /** Waits until the process runs or the start failed; false when neither happened in time. */
  synchronized boolean awaitStarted(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!running && exitCode == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return false;
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  synchronized ExecProcess process() {
    return process;
  }

  synchronized void exited(int code) {
    running = false;
    exitCode = code;
    notifyAll();
  }

  /** As moby names it in exec events: the entrypoint, a space, the arguments ("exec_create: true " for no args). */
  String command() {
    var cmd = config.cmd();
    return cmd.getFirst() + " " + String.join(" ", cmd.subList(1, cmd.size()));
  }

  synchronized Map<String, Object> inspect() {
    var pc = new LinkedHashMap<String, Object>();
    pc.put("arguments", config.cmd().subList(1, config.cmd().size()));
    pc.put("entrypoint", config.cmd().getFirst());
    pc.put("privileged", config.privileged());
    pc.put("tty", config.tty());
    pc.put("user", config.user());
    var m = new LinkedHashMap<String, Object>();
    m.put("CanRemove", false);
    m.put("ContainerID", containerId);
    // moby keeps the parsed key codes ([]byte), which JSON shows in base64; none given is ""
    m.put("DetachKeys", config.detachKeys().isEmpty() ? "" : Base64.getEncoder().encodeToString(detachKeys.bytes()));
    m.put("ExitCode", exitCode);
    m.put("ID", id);
    m.put("OpenStderr", config.attachStderr());
    m.put("OpenStdin", config.attachStdin());
    m.put("OpenStdout", config.attachStdout());
    m.put("ProcessConfig", pc);
    m.put("Running", running);
    m.put("Pid", pid);
    return m;
  }

  static List<String> nonNull(List<String> l) {
    return l == null ? List.of() : l;
  }
}
