package dev.berth.engine.build;

import dev.berth.engine.build.dockerfile.Instruction;
import dev.berth.engine.build.dockerfile.ShellLex;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.SystemError;
import dev.berth.snapshot.InRoot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * COPY and ADD (moby {@code dispatchCopy}/{@code dispatchAdd}): sources from the context, a stage
 * or an image ({@code --from}), URLs and heredocs (ADD/COPY), wildcards; cached on a checksum of
 * the sources' contents and metadata ({@code #(nop) COPY file:<sum> in /dest }); the files are
 * copied into the stage's mounted root and the changes become the step's layer.
 */
final class CopyStep {
  private final BuildTools tools;
  private final Commits commits;
  private final Path context;
  private final StageSources stages;

  CopyStep(BuildTools tools, Commits commits, Path context, StageSources stages) {
    this.tools = tools;
    this.commits = commits;
    this.context = context;
    this.stages = stages;
  }

  void run(Stage st, Instruction ins, Map<String, String> env, char escape) {
    boolean add = ins.keyword().equals("add");
    var command = add ? "ADD" : "COPY";
    var args = new ArrayList<String>();
    for (var a : ins.args()) {
      args.add(a.startsWith("<<") ? a : ShellLex.processWord(a, env, escape));
    }
    var dest = args.removeLast();
    if (!dest.startsWith("/")) {
      var wd = st.config.workingDir.isEmpty() ? "/" : st.config.workingDir;
      dest = (wd.endsWith("/") ? wd : wd + "/") + dest;
    }
    var from = ins.flag("from").map(f -> ShellLex.processWord(f, env, escape)).orElse("");
    var chownFlag = ins.flag("chown").map(f -> ShellLex.processWord(f, env, escape)).orElse("");
    var chmod = Copier.parseChmod(ins.flag("chmod").orElse(""));
    var scratch = tools.tmp().resolve("src-" + UUID.randomUUID());
    StepTree source = null;
    try {
      Path root = context;
      if (!from.isEmpty()) {
        source = stages.mount(from);
        root = source == null ? Files.createDirectories(scratch.resolve("empty")) : source.root();
      }
      var sources = new ArrayList<CopySource>();
      int heredoc = 0;
      for (var a : args) {
        if (a.startsWith("<<")) {
          var h = ins.heredocs().get(heredoc++);
          var file = Files.createDirectories(scratch.resolve("heredoc-" + heredoc)).resolve(h.name());
          Files.writeString(file, h.expand() ? ShellLex.processHeredoc(h.content(), env, escape) : h.content());
          sources.add(new CopySource(file, h.name(), false));
        } else if (add && (a.startsWith("http://") || a.startsWith("https://"))) {
          sources.add(download(a, Files.createDirectories(scratch)));
        } else {
          sources.addAll(resolve(root, a, from.isEmpty(), command));
        }
      }
      var sums = new ArrayList<String>();
      for (var s : sources) {
        sums.add(s.checksum());
      }
      String desc;
      if (sources.size() == 1) {
        desc = (sources.getFirst().isDirectory() ? "dir:" : "file:") + sums.getFirst();
      } else {
        desc = "multi:" + CopySource.sha256(String.join(",", sums));
      }
      if (!chownFlag.isEmpty() || chmod != null) {
        desc = desc.substring(0, desc.indexOf(':') + 1) + CopySource.sha256(desc + " " + chownFlag + " " + chmod);
      }
      var comment = command + " " + desc + " in " + dest + " ";
      var cmd = List.of("/bin/sh", "-c", "#(nop) " + comment);
      var probe = st.config.toContainerConfig("", Commits.image(st), cmd, null, null, true);
      if (commits.cached(st, probe)) {
        return;
      }
      apply(st, sources, dest, chownFlag, chmod, add, command, probe, cmd);
    } catch (IOException e) {
      throw new SystemError(command + " failed: " + e.getMessage(), e);
    } finally {
      if (source != null) {
        source.discard();
      }
      BuildContext.delete(scratch);
    }
  }

  private void apply(Stage st, List<CopySource> sources, String dest, String chown, Integer chmod, boolean add,
      String command, dev.berth.model.ContainerConfig probe, List<String> cmd) throws IOException {
    var layerKeys = st.parent() == null ? List.<String>of() : tools.images().parts(st.parent().toString()).layers()
        .stream().map(dev.berth.content.Digest::hex).toList();
    var key = StepTree.newKey();
    var tree = StepTree.open(tools.layers(), tools.mounter(), key, layerKeys, true);
    try {
      try {
        new Copier(tree.root(), Chown.parse(chown, tree.root()), chmod).copy(sources, dest, add, command);
      } finally {
        tree.close();
      }
      commits.commitTree(st, probe, commits.randomId(), tree.upper(), cmd);
    } finally {
      tree.discard();
    }
  }

  /** A source path: inside the root, wildcards expanded; dockerd's errors when it escapes or is absent. */
  private static List<CopySource> resolve(Path root, String src, boolean isContext, String command) throws IOException {
    var parts = InRoot.clean(src);
    if (isContext && src.replace('\\', '/').split("/").length > 0 && escapes(src)) {
      throw new InvalidArgument(command + " failed: forbidden path outside the build context: " + src + " ()");
    }
    var rel = String.join("/", parts);
    if (GoGlob.isPattern(rel)) {
      var pattern = GoGlob.compile(rel);
      var out = new ArrayList<CopySource>();
      try (var walk = Files.walk(root)) {
        for (var p : walk.sorted().toList()) {
          var r = root.relativize(p).toString();
          if (!r.isEmpty() && pattern.matcher(r).matches()) {
            out.add(new CopySource(p, p.getFileName().toString(), false));
          }
        }
      }
      if (out.isEmpty()) {
        throw new InvalidArgument(command + " failed: no source files were specified");
      }
      return out;
    }
    var path = parts.isEmpty() ? root : InRoot.resolve(root, parts, true);
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidArgument(command + " failed: file not found in build context or excluded by .dockerignore: stat "
          + src + ": file does not exist");
    }
    return List.of(new CopySource(path, parts.isEmpty() ? "" : parts.getLast(), false));
  }

  /** Whether the cleaned relative path climbs above the context (moby: "forbidden path outside the build context"). */
  private static boolean escapes(String src) {
    int depth = 0;
    for (var part : src.split("/")) {
      if (part.equals("..")) {
        if (--depth < 0) {
          return true;
        }
      } else if (!part.isEmpty() && !part.equals(".")) {
        depth++;
      }
    }
    return false;
  }

  /** ADD of a URL: fetched into {@code dir}; named after the URL's last path segment. */
  private static CopySource download(String url, Path dir) throws IOException {
    var uri = URI.create(url);
    var path = uri.getPath() == null ? "" : uri.getPath();
    var name = path.substring(path.lastIndexOf('/') + 1);
    if (name.isEmpty()) {
      throw new InvalidArgument("cannot determine filename from url: " + url);
    }
    var file = dir.resolve("url-" + UUID.randomUUID()).resolve(name);
    Files.createDirectories(file.getParent());
    try (var client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
      var res = client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofFile(file));
      if (res.statusCode() >= 400) {
        throw new InvalidArgument("failed to GET " + url + " with status " + res.statusCode() + " " + reason(res.statusCode()));
      }
      res.headers().firstValue("Last-Modified").ifPresent(lm -> {
        try {
          var t = java.time.ZonedDateTime.parse(lm, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
          Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(t.toInstant()));
        } catch (RuntimeException | IOException ignored) {
          // dockerd ignores an unparsable Last-Modified too
        }
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemError("interrupted while fetching " + url, e);
    }
    return new CopySource(file, name, true);
  }

  private static String reason(int code) {
    return switch (code) {
      case 404 -> "Not Found";
      case 403 -> "Forbidden";
      case 401 -> "Unauthorized";
      case 500 -> "Internal Server Error";
      default -> "";
    };
  }
}
