package dev.berth.engine.exec;

import dev.berth.runtime.ExecProcess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One exec instance: its config and run state. State changes under this object's monitor. */
final class Exec {
  final String id;
  final String containerId;
  final ExecConfig config;
  private boolean started;
  private boolean running;
  private Integer exitCode;
  private int pid;
  private ExecProcess process;

  Exec(String id, String containerId, ExecConfig config) {
    this.id = id;
    this.containerId = containerId;
    this.config = config;
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
  }

  synchronized ExecProcess process() {
    return process;
  }

  synchronized void exited(int code) {
    running = false;
    exitCode = code;
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
    m.put("DetachKeys", config.detachKeys());
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
