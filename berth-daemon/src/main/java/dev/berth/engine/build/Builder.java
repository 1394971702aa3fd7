package dev.berth.engine.build;

import dev.berth.content.Digest;
import dev.berth.engine.build.dockerfile.Dockerfile;
import dev.berth.engine.build.dockerfile.DockerfileParser;
import dev.berth.engine.build.dockerfile.Instruction;
import dev.berth.engine.build.dockerfile.ShellLex;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotImplemented;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One classic build (moby {@code builder/dockerfile}): meta ARGs, then each stage up to {@code
 * --target}, printing {@code Step N/M : …} and {@code ---> <id>} per instruction and the stage's
 * image ID as {@code aux} at each stage's end. Returns the final image. Not thread-safe.
 */
final class Builder {
  private static final java.util.regex.Pattern STAGE_NAME = java.util.regex.Pattern.compile("^[a-z][a-z0-9-_.]*$");

  private final BuildTools tools;
  private final BuildRequest request;
  private final BuildOutput out;
  private final BuildContext context;
  private final BuildArgs args;
  private final Commits commits;
  private final StageSources sources;
  private int step;
  private int total;
  private char escape;

  Builder(BuildTools tools, BuildRequest request, BuildOutput out, BuildContext context) {
    this.tools = tools;
    this.request = request;
    this.out = out;
    this.context = context;
    this.args = new BuildArgs(request.buildArgs());
    this.commits = new Commits(tools, request, out);
    this.sources = new StageSources(tools);
  }

  /** Parses the Dockerfile and checks the target before any output (errors are then plain HTTP errors). */
  static Plan plan(String text, BuildRequest request) {
    var df = DockerfileParser.parse(text);
    var meta = new ArrayList<Instruction>();
    var stages = new ArrayList<List<Instruction>>();
    for (var ins : df.instructions()) {
      if (ins.keyword().equals("from")) {
        stages.add(new ArrayList<>(List.of(ins)));
      } else if (stages.isEmpty()) {
        if (!ins.keyword().equals("arg")) {
          throw new InvalidArgument("dockerfile parse error line " + ins.line()
              + ": no build stage in current context");
        }
        meta.add(ins);
      } else {
        stages.getLast().add(ins);
      }
    }
    if (stages.isEmpty()) {
      throw new InvalidArgument("dockerfile parse error line " + (df.instructions().isEmpty() ? 1 : df.instructions().getLast().line())
          + ": no build stage in current context");
    }
    if (!request.target().isEmpty()) {
      int found = -1;
      for (int i = 0; i < stages.size(); i++) {
        var from = stages.get(i).getFirst().args();
        if (from.size() == 3 && from.get(2).equalsIgnoreCase(request.target())) {
          found = i;
        }
      }
      if (found < 0) {
        throw new InvalidArgument("failed to reach build target " + request.target() + " in Dockerfile");
      }
      stages.subList(found + 1, stages.size()).clear();
    }
    if (!request.labels().isEmpty()) {
      var line = new StringBuilder("LABEL");
      new java.util.TreeMap<>(request.labels()).forEach((k, v) -> line.append(' ').append(goQuote(k)).append("='").append(v).append('\''));
      var last = stages.getLast();
      var parsed = DockerfileParser.parse(line.toString()).instructions().getFirst();
      last.add(parsed);
    }
    return new Plan(df, meta, stages);
  }

  record Plan(Dockerfile dockerfile, List<Instruction> meta, List<List<Instruction>> stages) {}

  Digest run(Plan plan) {
    escape = plan.dockerfile().escape();
    total = plan.meta().size() + plan.stages().stream().mapToInt(List::size).sum();
    for (var ins : plan.meta()) {
      announce(ins);
      for (var w : ins.args()) {
        var kv = w.split("=", 2);
        args.addMeta(kv[0], kv.length > 1 ? ShellLex.processWord(kv[1], args.metaValues(), escape) : null);
      }
    }
    Stage st = null;
    for (int i = 0; i < plan.stages().size(); i++) {
      var instructions = plan.stages().get(i);
      st = from(instructions.getFirst(), i);
      for (var ins : instructions.subList(1, instructions.size())) {
        announce(ins);
        dispatch(st, ins);
        out.stream(" ---> " + shortId(st.imageId) + "\n");
      }
      if (st.imageId != null) {
        out.aux(st.imageId.toString());
      }
      sources.add(st);
    }
    if (st == null || st.imageId == null) {
      throw new InvalidArgument("No image was generated. Is your Dockerfile empty?");
    }
    var unused = args.unused();
    if (!unused.isEmpty()) {
      out.stream("[Warning] One or more build-args [" + String.join(" ", unused) + "] were not consumed\n");
    }
    return st.imageId;
  }

  private void announce(Instruction ins) {
    out.stream("Step " + (++step) + "/" + total + " : " + ins.original());
    out.stream("\n");
  }

  private Stage from(Instruction ins, int index) {
    announce(ins);
    var a = ins.args();
    var base = ShellLex.processWord(a.getFirst(), args.metaValues(), escape);
    String name = null;
    if (a.size() == 3) {
      name = a.get(2).toLowerCase(Locale.ROOT);
      if (!STAGE_NAME.matcher(name).matches()) {
        throw new InvalidArgument("invalid name for build stage: \"" + a.get(2)
            + "\", name can't start with a number or contain symbols");
      }
      if (sources.nameUsed(name)) {
        throw new InvalidArgument(name + " stage name already used");
      }
    }
    var platform = ins.flag("platform").map(p -> ShellLex.processWord(p, args.metaValues(), escape)).orElse(request.platform());
    if (!platform.isEmpty() && !platform.equals("linux") && !platform.startsWith("linux/amd64")) {
      throw new NotImplemented("platform " + platform + " is not supported: this daemon builds linux/amd64 images");
    }
    args.resetStage();
    var st = new Stage(name, index);
    var earlier = sources.stage(base);
    dev.berth.model.ContainerConfig config = null;
    if (earlier != null && earlier.index < index && !base.matches("[0-9]+")) {
      st.imageId = earlier.imageId;
      st.scratch = earlier.imageId == null;
      config = earlier.imageId == null ? null : earlier.config.toContainerConfig("", "");
    } else if (base.equalsIgnoreCase("scratch")) {
      st.scratch = true;
    } else {
      var parts = sources.image(base, request.pull(), platform, out);
      st.imageId = parts.id();
      config = parts.config().configOrEmpty();
      if (parts.config().os() != null) {
        st.os = parts.config().os();
      }
      if (parts.config().architecture() != null) {
        st.architecture = parts.config().architecture();
      }
    }
    st.config = RunConfig.of(config);
    var triggers = st.config.onBuild;
    if (triggers != null && !triggers.isEmpty()) {
      out.stream("# Executing " + triggers.size() + " build trigger" + (triggers.size() == 1 ? "" : "s") + "\n");
      st.config.onBuild = null;
      for (var t : triggers) {
        dispatch(st, DockerfileParser.parse(t).instructions().getFirst());
      }
    }
    out.stream(" ---> " + shortId(st.imageId) + "\n");
    return st;
  }

  private void dispatch(Stage st, Instruction ins) {
    var env = st.config.envMap(args.filterAllowed(st.config.env));
    switch (ins.keyword()) {
      case "run" -> new RunStep(tools, request, out, commits).run(st, args, ins);
      case "copy", "add" -> new CopyStep(tools, commits, context.root(), sources).run(st, ins, new HashMap<>(env), escape);
      case "workdir" -> new WorkdirStep(tools, commits).run(st, ins, env, escape);
      case "from" -> throw new IllegalStateException("FROM inside a stage");
      default -> new MetadataStep(commits).run(st, args, ins, env, escape);
    }
  }

  static String shortId(Digest id) {
    return id == null ? "" : id.hex().substring(0, 12);
  }

  /** Go's {@code %q} of a string. */
  private static String goQuote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

}
