package dev.berth.runtime;

import java.nio.file.Path;

/**
 * Where one container's runtime state lives under the exec root ({@code <exec-root>/<id>/}). The
 * exit files of all containers share {@code <exec-root>/exits/} so one watcher sees every exit.
 */
record ContainerDirs(Path dir, Path exitFile) {
  static ContainerDirs of(Path execRoot, String id) {
    return new ContainerDirs(execRoot.resolve(id), execRoot.resolve("exits").resolve(id));
  }

  /** The OCI bundle; conmon also puts its attach socket and ctl fifo here. */
  Path bundle() {
    return dir.resolve("bundle");
  }

  Path config() {
    return bundle().resolve("config.json");
  }

  Path attachSocket() {
    return bundle().resolve("attach");
  }

  Path ctlFifo() {
    return bundle().resolve("ctl");
  }

  Path pidFile() {
    return dir.resolve("pidfile");
  }

  Path conmonPidFile() {
    return dir.resolve("conmon.pid");
  }

  Path syncFifo() {
    return dir.resolve("sync");
  }

  /** conmon's own output before it daemonizes (argument errors). */
  Path conmonOutput() {
    return dir.resolve("conmon.out");
  }

  /** Present when clients share one attach connection (a non-TTY StdinOnce container). */
  Path stdinOnceFile() {
    return dir.resolve("stdin-once");
  }

  /** conmon's persist dir: it writes {@code oom} here when the container was OOM-killed. */
  Path persistDir() {
    return dir.resolve("persist");
  }
}
