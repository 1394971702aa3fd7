package dev.berth.engine.build;

import dev.berth.engine.build.dockerfile.DockerfileParser;
import dev.berth.engine.build.dockerfile.Instruction;
import dev.berth.engine.build.dockerfile.ShellLex;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.ContainerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The instructions that only change the image config (moby's dispatchers for ENV, LABEL, EXPOSE,
 * USER, VOLUME, STOPSIGNAL, ARG, CMD, ENTRYPOINT, SHELL, HEALTHCHECK, ONBUILD, MAINTAINER): each
 * updates the stage's config and commits an {@code empty_layer} image with dockerd's
 * {@code #(nop)} text.
 */
final class MetadataStep {
  private final Commits commits;

  MetadataStep(Commits commits) {
    this.commits = commits;
  }

  void run(Stage st, BuildArgs args, Instruction ins, Map<String, String> env, char escape) {
    var c = st.config;
    var a = ins.args();
    String comment = switch (ins.keyword()) {
      case "env" -> {
        var parts = new ArrayList<String>();
        for (int i = 0; i + 1 < a.size(); i += 2) {
          var k = ShellLex.processWord(a.get(i), env, escape);
          var v = ShellLex.processWord(a.get(i + 1), env, escape);
          c.setEnv(k, v);
          env.put(k, v);
          parts.add(k + "=" + v);
        }
        yield "ENV " + String.join(" ", parts);
      }
      case "label" -> {
        var parts = new ArrayList<String>();
        if (c.labels == null) {
          c.labels = new TreeMap<>();
        }
        for (int i = 0; i + 1 < a.size(); i += 2) {
          var k = ShellLex.processWord(a.get(i), env, escape);
          var v = ShellLex.processWord(a.get(i + 1), env, escape);
          c.labels.put(k, v);
          parts.add(k + "=" + v);
        }
        yield "LABEL " + String.join(" ", parts);
      }
      case "expose" -> {
        var ports = a.stream().map(p -> ShellLex.processWord(p, env, escape)).toList();
        if (c.exposedPorts == null) {
          c.exposedPorts = new TreeMap<>();
        }
        for (var p : ports) {
          expose(c.exposedPorts, p);
        }
        yield "EXPOSE " + String.join(" ", ports);
      }
      case "user" -> {
        c.user = ShellLex.processWord(a.getFirst(), env, escape);
        yield "USER " + c.user;
      }
      case "volume" -> {
        var vols = a.stream().map(v -> ShellLex.processWord(v, env, escape)).toList();
        if (c.volumes == null) {
          c.volumes = new TreeMap<>();
        }
        for (var v : vols) {
          if (v.isBlank()) {
            throw new InvalidArgument("VOLUME specified can not be an empty string");
          }
          c.volumes.put(v, Map.of());
        }
        yield "VOLUME " + quoted(vols);
      }
      case "stopsignal" -> {
        var sig = ShellLex.processWord(a.getFirst(), env, escape);
        if (!validSignal(sig)) {
          throw new InvalidArgument("Invalid signal: " + sig);
        }
        c.stopSignal = sig;
        yield "STOPSIGNAL " + sig;
      }
      case "arg" -> {
        var parts = new ArrayList<String>();
        for (var w : a) {
          var kv = w.split("=", 2);
          var value = kv.length > 1 ? ShellLex.processWord(kv[1], env, escape) : null;
          args.add(kv[0], value);
          parts.add(value == null ? kv[0] : kv[0] + "=" + value);
        }
        yield "ARG " + String.join(" ", parts);
      }
      case "cmd" -> {
        c.cmd = ins.json() ? a : withShell(c, a);
        c.argsEscaped = null;
        if (!a.isEmpty()) {
          st.cmdSet = true;
        }
        yield "CMD " + quoted(c.cmd);
      }
      case "entrypoint" -> {
        c.entrypoint = ins.json() ? (a.isEmpty() ? null : a) : withShell(c, a);
        if (!st.cmdSet) {
          c.cmd = null;
        }
        yield "ENTRYPOINT " + quoted(c.entrypoint == null ? List.of() : c.entrypoint);
      }
      case "shell" -> {
        c.shell = a;
        yield "SHELL " + quoted(a);
      }
      case "healthcheck" -> {
        c.healthcheck = health(ins);
        yield "HEALTHCHECK " + describe(c.healthcheck);
      }
      case "onbuild" -> {
        var trigger = a.getFirst();
        var word = trigger.split("\\s+", 2);
        var expr = word[0].toUpperCase(Locale.ROOT) + (word.length > 1 ? " " + word[1] : "");
        var list = c.onBuild == null ? new ArrayList<String>() : new ArrayList<>(c.onBuild);
        list.add(expr);
        c.onBuild = list;
        yield "ONBUILD " + expr;
      }
      case "maintainer" -> "MAINTAINER " + ShellLex.processWord(a.getFirst(), env, escape);
      default -> throw new IllegalStateException("not a metadata instruction: " + ins.keyword());
    };
    commits.metadata(st, comment);
  }

  private static List<String> withShell(RunConfig c, List<String> a) {
    var cmd = new ArrayList<>(c.shellOrDefault());
    if (!a.isEmpty()) {
      cmd.add(a.getFirst());
    }
    return cmd;
  }

  private static void expose(Map<String, Object> ports, String spec) {
    var proto = "tcp";
    var p = spec;
    int slash = spec.indexOf('/');
    if (slash >= 0) {
      proto = spec.substring(slash + 1).toLowerCase(Locale.ROOT);
      p = spec.substring(0, slash);
    }
    var range = p.split("-", 2);
    try {
      int lo = Integer.parseInt(range[0]);
      int hi = range.length > 1 ? Integer.parseInt(range[1]) : lo;
      if (lo < 0 || hi > 65535 || hi < lo) {
        throw new NumberFormatException();
      }
      for (int i = lo; i <= hi; i++) {
        ports.put(i + "/" + proto, Map.of());
      }
    } catch (NumberFormatException e) {
      throw new InvalidArgument("invalid containerPort: " + p);
    }
  }

  private static ContainerConfig.HealthConfig health(Instruction ins) {
    var a = ins.args();
    if (a.getFirst().equalsIgnoreCase("NONE")) {
      return new ContainerConfig.HealthConfig(List.of("NONE"), 0, 0, 0, 0, 0);
    }
    var test = new ArrayList<String>();
    if (ins.json()) {
      test.add("CMD");
      test.addAll(a.subList(1, a.size()));
    } else {
      test.add("CMD-SHELL");
      test.add(a.size() > 1 ? a.get(1) : "");
    }
    return new ContainerConfig.HealthConfig(test, nanos(ins, "interval"), nanos(ins, "timeout"),
        Integer.parseInt(ins.flag("retries").filter(s -> !s.isEmpty()).orElse("0")), nanos(ins, "start-period"),
        nanos(ins, "start-interval"));
  }

  private static long nanos(Instruction ins, String flag) {
    return ins.flag(flag).filter(s -> !s.isEmpty()).map(s -> DockerfileParser.duration(s).toNanos()).orElse(0L);
  }

  /** Go's {@code %q} of a {@code *HealthConfig}, as dockerd records HEALTHCHECK in the history. */
  private static String describe(ContainerConfig.HealthConfig h) {
    return "&{" + quoted(h.test()) + " " + dur(h.interval()) + " " + dur(h.timeout()) + " " + dur(h.startPeriod())
        + " " + dur(h.startInterval()) + " '" + (h.retries() < 0x20 ? String.format("\\x%02x", h.retries()) : String.valueOf((char) h.retries())) + "'}";
  }

  private static String dur(long nanos) {
    if (nanos == 0) {
      return "\"0s\"";
    }
    var d = java.time.Duration.ofNanos(nanos);
    var sb = new StringBuilder();
    if (d.toHours() > 0) {
      sb.append(d.toHours()).append('h');
    }
    if (d.toMinutesPart() > 0 || d.toHours() > 0) {
      sb.append(d.toMinutesPart()).append('m');
    }
    sb.append(d.toSecondsPart());
    if (d.toMillisPart() > 0) {
      sb.append('.').append(String.format("%03d", d.toMillisPart()).replaceAll("0+$", ""));
    }
    return "\"" + sb.append('s') + "\"";
  }

  /** Go's {@code %q} of a string slice: {@code ["a" "b"]}. */
  static String quoted(List<String> list) {
    return list.stream().map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
        .collect(Collectors.joining(" ", "[", "]"));
  }

  private static boolean validSignal(String sig) {
    var s = sig.toUpperCase(Locale.ROOT);
    if (s.matches("[0-9]+")) {
      int n = Integer.parseInt(s);
      return n > 0 && n < 65;
    }
    if (s.startsWith("SIG")) {
      s = s.substring(3);
    }
    return List.of("ABRT", "ALRM", "BUS", "CHLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE",
        "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1",
        "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ").contains(s) || s.matches("RTM(IN|AX)([+-][0-9]+)?");
  }
}
