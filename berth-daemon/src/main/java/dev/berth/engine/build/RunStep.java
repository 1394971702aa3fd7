package dev.berth.engine.build;

import dev.berth.engine.build.dockerfile.Instruction;
import dev.berth.engine.container.WaitCondition;
import dev.berth.engine.error.SystemError;
import dev.berth.engine.logs.LogQuery;
import dev.berth.model.ContainerConfig;
import dev.berth.model.HostConfig;
import dev.berth.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RUN (moby {@code dispatchRun}): the command in an intermediate container made from the stage's
 * config plus the build args, its output streamed (stderr in red, as dockerd marks it), its
 * changes committed. The cache key is the command prefixed by {@code |N KEY=value…} for the build
 * args in scope, as dockerd records it in the history.
 */
final class RunStep {
  private static final String RED = "\u001b[91m";
  private static final String RESET = "\u001b[0m";

  private final BuildTools tools;
  private final BuildRequest request;
  private final BuildOutput out;
  private final Commits commits;

  RunStep(BuildTools tools, BuildRequest request, BuildOutput out, Commits commits) {
    this.tools = tools;
    this.request = request;
    this.out = out;
    this.commits = commits;
  }

  /** Thrown when the command exits non-zero: dockerd's message and the exit code. */
  static final class Failed extends RuntimeException {
    final int code;

    Failed(String message, int code) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  void run(Stage st, BuildArgs args, Instruction ins) {
    for (var flag : List.of("mount", "network", "security")) {
      if (ins.flag(flag).isPresent()) {
        throw new dev.berth.engine.error.InvalidArgument("the --" + flag + " option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled");
      }
    }
    var cmd = command(st, ins);
    var buildArgs = args.filterAllowed(st.config.env);
    var saveCmd = cmd;
    if (!buildArgs.isEmpty()) {
      var kept = new ArrayList<String>();
      for (var kv : buildArgs) {
        if (args.inCacheKey(kv.split("=", 2)[0])) {
          kept.add(kv);
        }
      }
      kept.sort(null);
      saveCmd = new ArrayList<>();
      saveCmd.add("|" + kept.size());
      saveCmd.addAll(kept);
      saveCmd.addAll(cmd);
    }
    var image = Commits.image(st);
    var probe = st.config.toContainerConfig("", image, saveCmd, List.of(), null, true);
    probe = new ContainerConfig(probe.hostname(), probe.domainname(), probe.user(), false, false, false,
        probe.exposedPorts(), false, false, false, probe.env(), probe.cmd(), probe.healthcheck(), probe.argsEscaped(),
        probe.image(), probe.volumes(), probe.workingDir(), null, null, null, probe.onBuild(), probe.labels(),
        probe.stopSignal(), null, probe.shell());
    if (commits.cached(st, probe)) {
      return;
    }
    if (st.parent() == null) {
      throw new dev.berth.engine.error.InvalidArgument("Please provide a source image with `from` prior to run");
    }
    var env = new ArrayList<>(st.config.env);
    env.addAll(buildArgs);
    var runConfig = st.config.toContainerConfig("", image, cmd, List.of(""), env, false);
    runConfig = new ContainerConfig("", "", runConfig.user(), false, true, true, runConfig.exposedPorts(), false, false,
        false, env, cmd, new ContainerConfig.HealthConfig(List.of("NONE"), 0, 0, 0, 0, 0), runConfig.argsEscaped(),
        image, runConfig.volumes(), runConfig.workingDir(), List.of(""), null, null, runConfig.onBuild(),
        runConfig.labels(), runConfig.stopSignal(), null, runConfig.shell());
    var id = commits.create(st, runConfig, hostConfig());
    int code = execute(id);
    if (code != 0) {
      commits.remove(id, false);
      throw new Failed("The command '" + String.join(" ", cmd) + "' returned a non-zero code: " + code, code);
    }
    commits.commitContainer(st, probe, id, saveCmd);
    commits.remove(id, true);
  }

  /** The command line: exec form as written, shell form through SHELL (a lone heredoc is the script). */
  static List<String> command(Stage st, Instruction ins) {
    if (ins.json()) {
      return ins.args();
    }
    var cmd = new ArrayList<>(st.config.shellOrDefault());
    if (ins.args().isEmpty()) {
      return cmd;
    }
    var line = ins.args().getFirst();
    if (!ins.heredocs().isEmpty()) {
      var first = ins.heredocs().getFirst();
      if (ins.heredocs().size() == 1 && line.strip().matches("<<-?[\"']?" + first.name() + "[\"']?")) {
        line = first.content();
      } else {
        var sb = new StringBuilder(line);
        for (var h : ins.heredocs()) {
          sb.append('\n').append(h.content()).append(h.name());
        }
        line = sb.toString();
      }
    }
    cmd.add(line);
    return cmd;
  }

  private HostConfig hostConfig() {
    var m = new LinkedHashMap<String, Object>();
    m.put("NetworkMode", request.networkMode().isEmpty() ? "default" : request.networkMode());
    m.put("ShmSize", request.shmSize());
    m.put("Memory", request.memory());
    m.put("MemorySwap", request.memorySwap());
    m.put("CpuShares", request.cpuShares());
    m.put("CpuPeriod", request.cpuPeriod());
    m.put("CpuQuota", request.cpuQuota());
    if (!request.cpusetCpus().isEmpty()) {
      m.put("CpusetCpus", request.cpusetCpus());
    }
    m.put("Ulimits", request.ulimits());
    m.put("ExtraHosts", request.extraHosts());
    return Json.mapper().convertValue(m, HostConfig.class);
  }

  /** Starts the container, streams its output, returns its exit code. */
  private int execute(String id) {
    var exit = tools.containers().await(id, WaitCondition.NEXT_EXIT);
    tools.containers().start(id);
    try {
      tools.containers().logs(id, new LogQuery(true, true, true, -1, null, null, false)).writeTo(e -> {
        var text = new String(e.line(), StandardCharsets.UTF_8);
        out.stream(e.stream() == 2 ? RED + text + RESET : text);
      });
      return (int) exit.join().statusCode();
    } catch (IOException e) {
      throw new SystemError("failed to read the output of the build step: " + e.getMessage(), e);
    }
  }
}
