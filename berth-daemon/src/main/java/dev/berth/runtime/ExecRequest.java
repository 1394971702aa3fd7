package dev.berth.runtime;

import java.util.List;

/**
 * One process to run in a running container (docker exec). {@code user} and {@code workingDir}
 * empty mean the container's own; {@code env} entries override the container's by name.
 */
public record ExecRequest(String containerId, String execId, List<String> args, List<String> env, String user,
    String workingDir, boolean tty, boolean stdin, boolean privileged, int height, int width) {
  public ExecRequest {
    if (args == null || args.isEmpty()) throw new IllegalArgumentException("no command");
    args = List.copyOf(args);
    env = env == null ? List.of() : List.copyOf(env);
    user = user == null ? "" : user;
    workingDir = workingDir == null ? "" : workingDir;
  }
}
