package dev.berth.engine.build.dockerfile;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The per-instruction checks of buildkit's {@code instructions} package, with its error texts. Pure. */
final class InstructionRules {
  private static final Map<String, Set<String>> FLAGS = Map.ofEntries(
      Map.entry("from", Set.of("platform")),
      Map.entry("copy", Set.of("from", "chown", "chmod", "link")),
      Map.entry("add", Set.of("chown", "chmod", "link", "checksum", "keep-git-dir")),
      Map.entry("run", Set.of("mount", "network", "security")),
      Map.entry("healthcheck", Set.of("interval", "timeout", "start-period", "start-interval", "retries")),
      Map.entry("arg", Set.of()), Map.entry("env", Set.of()), Map.entry("label", Set.of()),
      Map.entry("expose", Set.of()), Map.entry("volume", Set.of()), Map.entry("workdir", Set.of()),
      Map.entry("user", Set.of()), Map.entry("cmd", Set.of()), Map.entry("entrypoint", Set.of()),
      Map.entry("shell", Set.of()), Map.entry("stopsignal", Set.of()), Map.entry("onbuild", Set.of()),
      Map.entry("maintainer", Set.of()));

  private InstructionRules() {}

  static boolean known(String keyword) {
    return FLAGS.containsKey(keyword);
  }

  static void check(Instruction ins, char escape) {
    var k = ins.keyword();
    var name = k.toUpperCase(Locale.ROOT);
    for (var f : ins.flags()) {
      var flag = f.substring(2).split("=", 2)[0];
      if (!FLAGS.get(k).contains(flag)) {
        throw error(ins, "Unknown flag: " + flag);
      }
    }
    var args = ins.args();
    switch (k) {
      case "from" -> {
        if (args.size() != 1 && !(args.size() == 3 && args.get(1).equalsIgnoreCase("as"))) {
          throw error(ins, "FROM requires either one or three arguments");
        }
      }
      case "copy", "add" -> {
        int n = args.size();
        if (n == 1 && ins.heredocs().isEmpty()) {
          throw error(ins, name + " requires at least two arguments, but only one was provided. Destination could not be determined");
        }
        if (n == 0) {
          throw error(ins, name + " requires at least two arguments");
        }
      }
      case "env", "label", "expose", "volume", "arg", "onbuild" -> {
        if (args.isEmpty()) {
          throw error(ins, name + " requires at least one argument");
        }
        if (k.equals("onbuild")) {
          onbuild(ins, args.getFirst());
        }
        if (k.equals("env") || k.equals("arg")) {
          for (int i = 0; k.equals("env") && i < args.size(); i += 2) {
            if (args.get(i).isEmpty()) {
              throw error(ins, "ENV names can not be blank");
            }
          }
        }
      }
      case "workdir", "user", "stopsignal", "maintainer" -> {
        if (args.size() != 1) {
          throw error(ins, name + " requires exactly one argument");
        }
      }
      case "shell" -> {
        if (!ins.json()) {
          throw error(ins, "SHELL requires the arguments to be in JSON form");
        }
        if (args.isEmpty()) {
          throw error(ins, "SHELL requires at least one argument");
        }
      }
      case "healthcheck" -> health(ins);
      default -> { }
    }
  }

  private static void onbuild(Instruction ins, String trigger) {
    var word = trigger.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    switch (word) {
      case "ONBUILD" -> throw error(ins, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      case "FROM", "MAINTAINER" -> throw error(ins, word + " isn't allowed as an ONBUILD trigger");
      default -> { }
    }
  }

  private static void health(Instruction ins) {
    var args = ins.args();
    if (args.isEmpty()) {
      throw error(ins, "HEALTHCHECK requires at least one argument");
    }
    var type = args.getFirst().toUpperCase(Locale.ROOT);
    if (type.equals("NONE")) {
      if (args.size() > 1 || !ins.flags().isEmpty()) {
        throw error(ins, "HEALTHCHECK NONE takes no arguments");
      }
      return;
    }
    if (!type.equals("CMD")) {
      throw error(ins, "Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
    }
    for (var f : List.of("interval", "timeout", "start-period", "start-interval")) {
      var v = ins.flag(f);
      if (v.isPresent() && !v.get().isEmpty()) {
        try {
          var d = duration(v.get());
          if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
            throw error(ins, "Interval \"" + f + "\" cannot be less than 1ms");
          }
        } catch (IllegalArgumentException e) {
          throw error(ins, e.getMessage());
        }
      }
    }
    var retries = ins.flag("retries");
    if (retries.isPresent() && !retries.get().isEmpty()) {
      try {
        if (Integer.parseInt(retries.get()) < 0) {
          throw error(ins, "--retries cannot be negative (" + retries.get() + ")");
        }
      } catch (NumberFormatException e) {
        throw error(ins, "strconv.ParseInt: parsing \"" + retries.get() + "\": invalid syntax");
      }
    }
  }

  /** Go's {@code time.ParseDuration} as HEALTHCHECK flags take it ("0" too); IllegalArgumentException with Go's text. */
  static Duration duration(String s) {
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    var d = dev.berth.engine.image.Timestamps.goDuration(s);
    if (d == null) {
      throw new IllegalArgumentException("time: invalid duration \"" + s + "\"");
    }
    return d;
  }

  private static dev.berth.engine.error.InvalidArgument error(Instruction ins, String message) {
    return DockerfileParser.parseError(ins.line(), message);
  }
}
