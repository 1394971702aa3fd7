package dev.berth.engine.exec;

import dev.berth.engine.container.ContainerService;
import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.SystemError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * docker top and docker diff, read from the host: the container's processes are those in its init's
 * pid namespace, listed by the host's {@code ps} (moby {@code daemon/top_unix.go}); its changes
 * are its overlay upper dir against the image layers (a 0/0 char device is a whiteout: deleted).
 */
public final class ContainerProbe {
  private final ContainerService containers;

  public ContainerProbe(ContainerService containers) {
    this.containers = containers;
  }

  public Map<String, Object> top(String ref, String psArgs) {
    var view = containers.inspect(ref, false);
    var state = (Map<?, ?>) view.get("State");
    var id = (String) view.get("Id");
    if (state == null || !Boolean.TRUE.equals(state.get("Running"))) throw new Conflict("container " + id + " is not running");
    int pid = ((Number) state.get("Pid")).intValue();
    var args = psArgs == null || psArgs.isBlank() ? "-ef" : psArgs;
    var pids = pidsInNamespaceOf(pid);
    var cmd = new ArrayList<String>(List.of("ps"));
    cmd.addAll(List.of(args.trim().split("\\s+")));
    String out;
    try {
      var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) throw new SystemError("ps: " + out.strip());
    } catch (IOException e) {
      throw new SystemError("ps: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemError("ps interrupted");
    }
    var result = parse(out, pids);
    containers.event(id, "top");
    return result;
  }

  static Map<String, Object> parse(String psOutput, Set<Integer> pids) {
    var lines = psOutput.split("\n");
    var titles = List.of(lines[0].trim().split("\\s+"));
    int pidCol = titles.indexOf("PID");
    if (pidCol < 0) throw new InvalidArgument("Couldn't find PID field in ps output");
    var processes = new ArrayList<List<String>>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) continue;
      var fields = lines[i].trim().split("\\s+", titles.size());
      if (fields.length <= pidCol) continue;
      try {
        if (!pids.contains(Integer.parseInt(fields[pidCol]))) continue;
      } catch (NumberFormatException e) {
        throw new InvalidArgument("Unexpected pid '" + fields[pidCol] + "'");
      }
      processes.add(List.of(fields));
    }
    var m = new LinkedHashMap<String, Object>();
    m.put("Processes", processes);
    m.put("Titles", titles);
    return m;
  }

  private static Set<Integer> pidsInNamespaceOf(int pid) {
    var out = new HashSet<Integer>();
    try {
      var ns = Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "ns", "pid"));
      try (var procs = Files.list(Path.of("/proc"))) {
        for (var p : procs.toList()) {
          var name = p.getFileName().toString();
          if (!name.chars().allMatch(Character::isDigit)) continue;
          try {
            if (Files.readSymbolicLink(p.resolve("ns").resolve("pid")).equals(ns)) out.add(Integer.parseInt(name));
          } catch (IOException gone) {
            // exited meanwhile
          }
        }
      }
    } catch (IOException e) {
      throw new SystemError("cannot list the processes of the container: " + e.getMessage(), e);
    }
    return out;
  }

  /** {@code [{Path, Kind}]} sorted by path; Kind 0 = modified, 1 = added, 2 = deleted; null when none (as moby). */
  public List<Map<String, Object>> changes(String ref) {
    var view = containers.inspect(ref, false);
    var data = view.get("GraphDriver") instanceof Map<?, ?> gd && gd.get("Data") instanceof Map<?, ?> d ? d : Map.of();
    var upper = data.get("UpperDir") == null ? null : Path.of(String.valueOf(data.get("UpperDir")));
    var lowers = new ArrayList<Path>();
    if (data.get("LowerDir") != null) for (var l : String.valueOf(data.get("LowerDir")).split(":")) if (!l.isEmpty()) lowers.add(Path.of(l));
    if (upper == null || !Files.isDirectory(upper)) return null;
    var changes = new TreeMap<String, Integer>();
    try (var walk = Files.walk(upper)) {
      for (var p : walk.toList()) {
        if (p.equals(upper)) continue;
        var rel = upper.relativize(p).toString();
        int kind;
        if (whiteout(p)) kind = 2;
        else kind = lowers.stream().anyMatch(l -> Files.exists(l.resolve(rel), LinkOption.NOFOLLOW_LINKS)) ? 0 : 1;
        changes.put("/" + rel, kind);
      }
    } catch (IOException e) {
      throw new SystemError("cannot read the changes of the container: " + e.getMessage(), e);
    }
    changes.keySet().removeIf(p -> dev.berth.engine.container.ContainerFiles.initPath(p.substring(1)));
    // a folder listed only because the daemon's mount points were created in it is no change (moby's init layer)
    changes.entrySet().removeIf(e -> e.getValue() == 0 && Files.isDirectory(upper.resolve(e.getKey().substring(1)), LinkOption.NOFOLLOW_LINKS)
        && changes.keySet().stream().noneMatch(k -> k.startsWith(e.getKey() + "/")));
    if (changes.isEmpty()) return null;
    var out = new ArrayList<Map<String, Object>>();
    changes.forEach((path, kind) -> out.add(Map.of("Path", path, "Kind", kind)));
    return out;
  }

  private static boolean whiteout(Path p) throws IOException {
    var attrs = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) attrs.get("mode");
    return (mode & 0170000) == 0020000 && ((Number) attrs.get("rdev")).longValue() == 0;
  }
}
