package dev.berth.runtime;

/** Runs extra processes in running containers (docker exec). Thread-safe. */
public interface ExecRuntime {
  /**
   * Starts the process; with {@code attach} its stdio is connected before it runs, so no output is
   * lost.
   *
   * @throws ExecFailed when the runtime could not start it (e.g. the executable is missing)
   */
  ExecProcess exec(ExecRequest request, boolean attach);

  /**
   * Removes what earlier daemons' exec sessions left whose processes are gone (this daemon never
   * knew them: exec instances are not kept across restarts). Call at start, before any exec.
   */
  default void removeStaleSessions() {}

  /** The runtime refused to start the process; the message is the runtime's. */
  final class ExecFailed extends RuntimeException {
    public ExecFailed(String message) {
      super(message);
    }
  }
}
