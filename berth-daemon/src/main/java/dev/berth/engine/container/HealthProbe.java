package dev.berth.engine.container;

import java.time.Duration;
import java.util.List;

/** Runs one health-check command inside a running container (an exec process). */
@FunctionalInterface
public interface HealthProbe {
  /** Exit code and combined output (at most {@code maxOutput} bytes); exit -1 when killed at the timeout. */
  record Result(int exitCode, String output, boolean timedOut) {}

  Result run(String containerId, List<String> argv, Duration timeout, int maxOutput);
}
