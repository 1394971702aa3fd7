package dev.berth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds what test daemons left on the host: mounts below the test base dir, processes whose command
 * line mentions it or that live in a test container's cgroup, cgroup dirs and netns of test
 * containers, runc state in test exec roots, iptables and ip6tables rules that name a test
 * container. Reads only /proc, /sys and the base dir, and runs iptables-save/ip6tables-save.
 */
final class LeakScan {
  private LeakScan() {}

  /** Mount points at or below {@code root}, deepest first (from /proc/self/mountinfo). */
  static List<String> mountsUnder(Path root) {
    String prefix = root.toString();
    List<String> found = new ArrayList<>();
    for (String line : readLines(Path.of("/proc/self/mountinfo"))) {
      String[] f = line.split(" ");
      if (f.length > 4) {
        String mp = unescape(f[4]);
        if (mp.equals(prefix) || mp.startsWith(prefix + "/")) {
          found.add(mp);
        }
      }
    }
    found.sort(Comparator.comparingInt(String::length).reversed());
    return found;
  }

  /** Network namespaces named after a test container in /run/netns (bind mounts there are mounts too). */
  static List<String> netnsOf(Set<String> ids) {
    List<String> found = new ArrayList<>();
    for (Path dir : List.of(Path.of("/run/netns"), Path.of("/var/run/netns"))) {
      for (Path p : list(dir)) {
        String n = p.getFileName().toString();
        if (ids.stream().anyMatch(id -> n.contains(id.substring(0, 12)))) {
          found.add(p.toString());
        }
      }
    }
    return found.stream().distinct().toList();
  }

  /** A firewall rule left behind: the family's command, its table and the rule as iptables-save prints it. */
  record Rule(String family, String table, String rule) {
    @Override
    public String toString() {
      return family + " -t " + table + " " + rule;
    }
  }

  /**
   * iptables and ip6tables rules whose comment names a test container (the CNI plugins' masquerade,
   * firewall and port-mapping rules carry {@code id: "<container id>"}).
   */
  static List<Rule> firewallRules(Set<String> ids) {
    List<Rule> found = new ArrayList<>();
    for (String family : List.of("iptables", "ip6tables")) {
      String table = "";
      for (String line : save(family).split("\n")) {
        if (line.startsWith("*")) {
          table = line.substring(1).strip();
        } else if (line.startsWith("-A ") && ids.stream().anyMatch(id -> line.contains("id: \\\"" + id + "\\\""))) {
          found.add(new Rule(family, table, line.strip()));
        }
      }
    }
    return found;
  }

  private static String save(String family) {
    try {
      Process p = new ProcessBuilder(family + "-save").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** A process left behind: its pid and command line. */
  record Proc(long pid, String cmdline) {
    @Override
    public String toString() {
      return pid + " " + cmdline;
    }
  }

  /**
   * Processes (not this JVM) whose command line mentions {@code root} (berthd, conmon, runc of test
   * daemons) or whose cgroup is one of the test containers' ({@code …/berth/<id>}).
   */
  static List<Proc> processes(Path root, Set<String> ids) {
    long self = ProcessHandle.current().pid();
    String prefix = root.toString() + "/";
    List<Proc> found = new ArrayList<>();
    for (Path p : list(Path.of("/proc"))) {
      String name = p.getFileName().toString();
      if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
        continue;
      }
      String cmd = read(p.resolve("cmdline")).replace('\0', ' ').strip();
      String cgroup = read(p.resolve("cgroup"));
      boolean inTestCgroup = ids.stream().anyMatch(id -> cgroup.contains("/" + id));
      if (cmd.contains(prefix) || inTestCgroup) {
        found.add(new Proc(Long.parseLong(name), cmd.isEmpty() ? "(" + read(p.resolve("comm")).strip() + ")" : cmd));
      }
    }
    return found;
  }

  /** cgroup dirs named after test containers, in every v1 hierarchy and the v2 tree. */
  static List<Path> cgroups(Set<String> ids) {
    Path root = Path.of("/sys/fs/cgroup");
    List<Path> hierarchies = new ArrayList<>(list(root));
    hierarchies.add(root);
    List<Path> found = new ArrayList<>();
    for (Path h : hierarchies) {
      Path parent = h.resolve("berth");
      if (Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
        for (String id : ids) {
          if (Files.isDirectory(parent.resolve(id), LinkOption.NOFOLLOW_LINKS)) {
            found.add(parent.resolve(id));
          }
        }
      }
    }
    return found;
  }

  /** runc state files ({@code <runc root>/<id>/state.json}) left below {@code root}. */
  static List<Path> runcState(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          // Never descend into a container's root filesystem or image layers.
          String n = dir.getFileName() == null ? "" : dir.getFileName().toString();
          return n.equals("merged") || n.equals("diff") || n.equals("rootfs") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (file.getFileName().toString().equals("state.json") && isRuncState(file)) {
            found.add(file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private static boolean isRuncState(Path file) {
    String s = read(file);
    return s.contains("\"init_process_pid\"") || s.contains("\"cgroup_paths\"");
  }

  /** Why a daemon's dir must stay for the leak check (a mount or runc state below it), if anything. */
  static Optional<String> whyKeep(Path dir) {
    List<String> mounts = mountsUnder(dir);
    if (!mounts.isEmpty()) {
      return Optional.of("mounts " + mounts);
    }
    List<Path> state = runcState(dir);
    if (!state.isEmpty()) {
      return Optional.of("runc state " + state);
    }
    return Optional.empty();
  }

  /** Ids recorded by {@link ContainerIds} during the suite. */
  static Set<String> recordedIds() {
    Path f = ContainerIds.file();
    return Files.exists(f) ? new HashSet<>(readLines(f).stream().filter(s -> !s.isBlank()).toList()) : Set.of();
  }

  /** Deletes a tree without following symlinks; refuses when anything is mounted below it. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!mountsUnder(root).isEmpty()) {
      throw new IOException("not deleting " + root + ": mounts below it " + mountsUnder(root));
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      List<Path> out = new ArrayList<>();
      s.forEach(out::add);
      return out;
    } catch (IOException e) {
      return List.of();
    }
  }

  private static List<String> readLines(Path p) {
    try (Stream<String> s = Files.lines(p, StandardCharsets.UTF_8)) {
      return s.toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path p) {
    try {
      return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** mountinfo escapes space, tab, newline and backslash as octal. */
  private static String unescape(String s) {
    return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
  }
}
