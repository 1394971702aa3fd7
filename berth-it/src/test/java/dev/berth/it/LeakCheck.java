package dev.berth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Checks, after the whole suite, that the test daemons left nothing on the host: no mounts below the
 * test base dir (overlays, netns bind mounts), no processes of theirs (berthd, conmon, runc,
 * container processes in a test container's cgroup), no cgroup dirs {@code /sys/fs/cgroup/&#42;/berth/<id>}
 * of test containers, no netns in /run/netns named after them, no runc state in test exec roots, no
 * iptables or ip6tables rule naming a test container.
 * Snapshots before the suite (a leftover there is someone else's and is not blamed on this suite).
 * When something leaked it prints the list, reclaims it (so the machine stays usable) and fails
 * the run. Veths are not listed separately: a veth dies with its netns, and a netns lives only
 * through a mount or a process, both checked.
 */
public final class LeakCheck implements LauncherSessionListener {
  private List<String> before = List.of();

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    try {
      Files.createDirectories(ItPaths.base());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    before = leaks();
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    List<String> leaked = new ArrayList<>(leaks());
    leaked.removeAll(before);
    if (leaked.isEmpty()) {
      try {
        LeakScan.deleteTree(ItPaths.base());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    String report = "berth-it leak check: the test daemons left " + leaked.size() + " thing(s) behind:\n  "
        + String.join("\n  ", leaked) + "\n(reclaimed now; base dir " + ItPaths.base() + " kept for inspection)";
    System.err.println(report);
    reclaim();
    throw new AssertionError(report);
  }

  /** Everything currently left by this suite, one line each. */
  static List<String> leaks() {
    Path base = ItPaths.base();
    Set<String> ids = LeakScan.recordedIds();
    List<String> out = new ArrayList<>();
    LeakScan.mountsUnder(base).forEach(m -> out.add("mount " + m));
    LeakScan.processes(base, ids).forEach(p -> out.add("process " + p));
    LeakScan.cgroups(ids).forEach(c -> out.add("cgroup " + c));
    LeakScan.netnsOf(ids).forEach(n -> out.add("netns " + n));
    LeakScan.runcState(base).forEach(s -> out.add("runc state " + s));
    LeakScan.firewallRules(ids).forEach(r -> out.add("rule " + r));
    return out;
  }

  /** Kills leaked processes, unmounts leaked mounts, removes leaked cgroup dirs. Best effort. */
  static void reclaim() {
    Path base = ItPaths.base();
    Set<String> ids = LeakScan.recordedIds();
    for (LeakScan.Proc p : LeakScan.processes(base, ids)) {
      ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }
    try {
      Await.until(Duration.ofSeconds(10), "leaked processes to die", () -> LeakScan.processes(base, ids).isEmpty());
    } catch (AssertionError e) {
      System.err.println("leak check: " + e.getMessage());
    }
    for (String n : LeakScan.netnsOf(ids)) {
      exec("umount", n);
      exec("rm", "-f", n);
    }
    for (String m : LeakScan.mountsUnder(base)) {
      exec("umount", "-l", m);
    }
    for (Path c : LeakScan.cgroups(ids)) {
      exec("rmdir", c.toString());
    }
    for (LeakScan.Rule r : LeakScan.firewallRules(ids)) {
      // iptables-save quotes as a shell does, so the shell splits the rule back into its arguments.
      exec("sh", "-c", r.family() + " -w -t " + r.table() + " " + r.rule().replaceFirst("^-A ", "-D "));
    }
  }

  private static void exec(String... cmd) {
    try {
      new ProcessBuilder(cmd).inheritIO().start().waitFor();
    } catch (IOException e) {
      System.err.println("leak check: " + String.join(" ", cmd) + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
