package dev.berth.engine.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Facts about the host read from /proc, /etc and /sys, as dockerd reports them in /info and
 * /version. Each read is small; values that cannot be read come back as "" or 0.
 */
public record HostFacts(
    String kernelVersion, String operatingSystem, String osVersion, String hostname,
    int ncpu, long memTotal, String cgroupVersion, String architecture) {

  public static HostFacts read() {
    return read(Path.of("/"));
  }

  /** Reads the facts under {@code root} (tests pass a fake root). */
  static HostFacts read(Path root) {
    return new HostFacts(
        first(root.resolve("proc/sys/kernel/osrelease")),
        osRelease(root, "PRETTY_NAME", "Linux"),
        osRelease(root, "VERSION_ID", ""),
        first(root.resolve("proc/sys/kernel/hostname")),
        Runtime.getRuntime().availableProcessors(),
        memTotal(root.resolve("proc/meminfo")),
        Files.exists(root.resolve("sys/fs/cgroup/cgroup.controllers")) ? "2" : "1",
        architecture(System.getProperty("os.arch", "")));
  }

  /** Go's GOARCH for /version's Arch ("amd64"), from which /info's Architecture differs ("x86_64"). */
  public String goArch() {
    return switch (architecture) {
      case "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> architecture;
    };
  }

  static String architecture(String javaArch) {
    return switch (javaArch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      default -> javaArch;
    };
  }

  private static String first(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      return "";
    }
  }

  static String osRelease(Path root, String key, String fallback) {
    for (var file : new Path[] {root.resolve("etc/os-release"), root.resolve("usr/lib/os-release")}) {
      try {
        for (var line : Files.readAllLines(file)) {
          if (line.startsWith(key + "=")) {
            var value = line.substring(key.length() + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
              value = value.substring(1, value.length() - 1);
            }
            return value;
          }
        }
        return fallback;
      } catch (IOException e) {
        // try the next file
      }
    }
    return fallback;
  }

  private static long memTotal(Path meminfo) {
    try {
      for (var line : Files.readAllLines(meminfo)) {
        if (line.startsWith("MemTotal:")) {
          var parts = line.substring(9).strip().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // unreadable: 0
    }
    return 0;
  }
}
