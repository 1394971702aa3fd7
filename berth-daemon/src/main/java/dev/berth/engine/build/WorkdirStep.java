package dev.berth.engine.build;

import dev.berth.content.Digest;
import dev.berth.engine.build.dockerfile.Instruction;
import dev.berth.engine.build.dockerfile.ShellLex;
import dev.berth.engine.error.SystemError;
import dev.berth.snapshot.InRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * WORKDIR (moby {@code dispatchWorkdir}): sets the working directory (relative to the previous one)
 * and creates it in an intermediate container, committing the new folders (an empty layer when it
 * existed).
 */
final class WorkdirStep {
  private final BuildTools tools;
  private final Commits commits;

  WorkdirStep(BuildTools tools, Commits commits) {
    this.tools = tools;
    this.commits = commits;
  }

  void run(Stage st, Instruction ins, Map<String, String> env, char escape) {
    var path = ShellLex.processWord(ins.args().getFirst(), env, escape);
    if (!path.startsWith("/")) {
      var wd = st.config.workingDir.isEmpty() ? "/" : st.config.workingDir;
      path = wd + "/" + path;
    }
    path = "/" + String.join("/", InRoot.clean(path));
    st.config.workingDir = path;
    var cmd = List.of("/bin/sh", "-c", "#(nop) WORKDIR " + path);
    var probe = st.config.toContainerConfig("", Commits.image(st), cmd, null, null, true);
    if (commits.cached(st, probe)) {
      return;
    }
    var id = commits.create(st, probe, null);
    boolean owned = st.parent() == null;
    var layerKeys = owned ? List.<String>of()
        : tools.images().parts(st.parent().toString()).layers().stream().map(Digest::hex).toList();
    var tree = StepTree.open(tools.layers(), tools.mounter(), owned ? StepTree.newKey() : id, layerKeys, owned);
    try {
      try {
        Files.createDirectories(InRoot.resolve(tree.root(), InRoot.clean(path), true));
      } catch (IOException e) {
        throw new SystemError("failed to create the working directory " + path + ": " + e.getMessage(), e);
      } finally {
        tree.close();
      }
      if (owned) {
        commits.commitTree(st, probe, id, tree.upper(), cmd);
      } else {
        commits.commitContainer(st, probe, id, cmd);
      }
    } finally {
      if (owned) {
        tree.discard();
      }
    }
    commits.remove(id, true);
  }
}
