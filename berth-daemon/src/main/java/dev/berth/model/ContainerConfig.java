package dev.berth.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Docker's container {@code Config}: the create request body's top level, {@code Config} in
 * container inspect, and {@code config}/{@code ContainerConfig} in image configs. Lists and maps may
 * be null (Docker's wire form keeps nulls).
 */
public record ContainerConfig(
    @JsonProperty("Hostname") String hostname,
    @JsonProperty("Domainname") String domainname,
    @JsonProperty("User") String user,
    @JsonProperty("AttachStdin") boolean attachStdin,
    @JsonProperty("AttachStdout") boolean attachStdout,
    @JsonProperty("AttachStderr") boolean attachStderr,
    @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
    @JsonProperty("Tty") boolean tty,
    @JsonProperty("OpenStdin") boolean openStdin,
    @JsonProperty("StdinOnce") boolean stdinOnce,
    @JsonProperty("Env") List<String> env,
    @JsonProperty("Cmd") List<String> cmd,
    @JsonProperty("Healthcheck") HealthConfig healthcheck,
    @JsonProperty("ArgsEscaped") Boolean argsEscaped,
    @JsonProperty("Image") String image,
    @JsonProperty("Volumes") Map<String, Object> volumes,
    @JsonProperty("WorkingDir") String workingDir,
    @JsonProperty("Entrypoint") List<String> entrypoint,
    @JsonProperty("NetworkDisabled") Boolean networkDisabled,
    @JsonProperty("MacAddress") String macAddress,
    @JsonProperty("OnBuild") List<String> onBuild,
    @JsonProperty("Labels") Map<String, String> labels,
    @JsonProperty("StopSignal") String stopSignal,
    @JsonProperty("StopTimeout") Integer stopTimeout,
    @JsonProperty("Shell") List<String> shell) {

  public static ContainerConfig empty() {
    return new ContainerConfig(
        "", "", "", false, false, false, null, false, false, false, null, null, null, null, "", null,
        "", null, null, null, null, null, null, null, null);
  }

  /**
   * This config with absent strings as {@code ""}: Go's zero value, which is what dockerd shows in
   * inspect for fields an image config leaves out (clients test {@code Config.WorkingDir == ""}).
   */
  public ContainerConfig withStringDefaults() {
    return new ContainerConfig(
        orEmpty(hostname), orEmpty(domainname), orEmpty(user), attachStdin, attachStdout, attachStderr,
        exposedPorts, tty, openStdin, stdinOnce, env, cmd, healthcheck, argsEscaped, orEmpty(image), volumes,
        orEmpty(workingDir), entrypoint, networkDisabled, macAddress, onBuild, labels, stopSignal, stopTimeout,
        shell);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** Docker's {@code HealthConfig}; durations in nanoseconds. */
  public record HealthConfig(
      @JsonProperty("Test") List<String> test,
      @JsonProperty("Interval") long interval,
      @JsonProperty("Timeout") long timeout,
      @JsonProperty("Retries") int retries,
      @JsonProperty("StartPeriod") long startPeriod,
      @JsonProperty("StartInterval") long startInterval) {}
}
