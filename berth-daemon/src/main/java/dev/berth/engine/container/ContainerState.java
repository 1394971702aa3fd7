package dev.berth.engine.container;

import dev.berth.model.Rfc3339;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/**
 * A container's run state as stored in config.v2.json. Times are RFC3339Nano strings
 * ({@link Rfc3339#ZERO} when unset), as dockerd stores and shows them.
 */
record ContainerState(
    @JsonProperty("Running") boolean running,
    @JsonProperty("Paused") boolean paused,
    @JsonProperty("Restarting") boolean restarting,
    @JsonProperty("OOMKilled") boolean oomKilled,
    @JsonProperty("Dead") boolean dead,
    @JsonProperty("Pid") int pid,
    @JsonProperty("ExitCode") int exitCode,
    @JsonProperty("Error") String error,
    @JsonProperty("StartedAt") String startedAt,
    @JsonProperty("FinishedAt") String finishedAt,
    @JsonProperty("HasBeenManuallyStopped") boolean manuallyStopped) {

  ContainerState {
    error = error == null ? "" : error;
    startedAt = startedAt == null ? Rfc3339.ZERO : startedAt;
    finishedAt = finishedAt == null ? Rfc3339.ZERO : finishedAt;
  }

  static ContainerState created() {
    return new ContainerState(false, false, false, false, false, 0, 0, "", Rfc3339.ZERO, Rfc3339.ZERO, false);
  }

  ContainerState started(int newPid, Instant at) {
    return new ContainerState(true, false, false, false, false, newPid, 0, "", Rfc3339.format(at), finishedAt, false);
  }

  ContainerState exited(int code, boolean oom, Instant at) {
    return new ContainerState(false, false, false, oom, dead, 0, code, error, startedAt, Rfc3339.format(at),
        manuallyStopped);
  }

  ContainerState failedToStart(int code, String message, Instant at) {
    return new ContainerState(false, false, false, false, dead, 0, code, message, startedAt, Rfc3339.format(at),
        manuallyStopped);
  }

  /** moby {@code SetRestarting}: exited, waiting for the restart policy's back-off (Running stays true). */
  ContainerState restarting(int code, boolean oom, Instant at) {
    return new ContainerState(true, false, true, oom, dead, 0, code, error, startedAt, Rfc3339.format(at), false);
  }

  /** A pending restart was cancelled: exited as of the last exit. */
  ContainerState restartCancelled() {
    return new ContainerState(false, false, false, oomKilled, dead, 0, exitCode, error, startedAt, finishedAt,
        manuallyStopped);
  }

  /** The user stopped or killed the container (moby {@code HasBeenManuallyStopped}). */
  ContainerState stoppedByUser() {
    return new ContainerState(running, paused, restarting, oomKilled, dead, pid, exitCode, error, startedAt, finishedAt,
        true);
  }

  ContainerState withPaused(boolean p) {
    return new ContainerState(running, p, restarting, oomKilled, dead, pid, exitCode, error, startedAt, finishedAt,
        manuallyStopped);
  }

  boolean everStarted() {
    return Rfc3339.parseSet(startedAt) != null;
  }

  /** moby {@code State.StateString}. */
  String status(boolean removing) {
    if (running) return paused ? "paused" : restarting ? "restarting" : "running";
    if (removing) return "removing";
    if (dead) return "dead";
    if (!everStarted()) return "created";
    return "exited";
  }

  /** moby {@code State.String}: the human {@code Status} column of {@code docker ps}. */
  String describe(boolean removing, Instant now) {
    if (running) {
      var up = HumanDuration.of(since(startedAt, now));
      if (paused) return "Up " + up + " (Paused)";
      if (restarting) return "Restarting (" + exitCode + ") " + HumanDuration.of(since(finishedAt, now)) + " ago";
      return "Up " + up;
    }
    if (removing) return "Removal In Progress";
    if (dead) return "Dead";
    if (!everStarted()) return "Created";
    if (Rfc3339.parseSet(finishedAt) == null) return "";
    return "Exited (" + exitCode + ") " + HumanDuration.of(since(finishedAt, now)) + " ago";
  }

  private static Duration since(String time, Instant now) {
    var t = Rfc3339.parseSet(time);
    return t == null ? Duration.ZERO : Duration.between(t, now);
  }
}
