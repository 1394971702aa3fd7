package dev.berth.engine.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The host's CPU time and online CPUs from {@code /proc/stat}, as moby's getSystemCPUUsage reads
 * them: the first seven fields of the {@code cpu} line in ticks of 1/100 s, as nanoseconds; one CPU
 * per {@code cpuN} line. Stateless.
 */
final class HostCpu {
  private static final long NANOS_PER_TICK = 10_000_000L;

  record Usage(long nanos, int onlineCpus) {}

  private HostCpu() {}

  static Usage read(Path procStat) {
    try {
      return parse(Files.readAllLines(procStat));
    } catch (IOException e) {
      return new Usage(0, 0);
    }
  }

  static Usage parse(List<String> lines) {
    long ticks = 0;
    int cpus = 0;
    for (var line : lines) {
      if (line.length() < 4 || !line.startsWith("cpu")) break; // all cpu lines come first
      if (line.charAt(3) == ' ') {
        var f = line.trim().split("\\s+");
        for (int i = 1; i < 8 && i < f.length; i++) ticks += Long.parseLong(f[i]);
      } else if (Character.isDigit(line.charAt(3))) {
        cpus++;
      }
    }
    return new Usage(ticks * NANOS_PER_TICK, cpus);
  }
}
