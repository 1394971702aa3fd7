package dev.berth.engine.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** moby {@code types.Health}: status, failing streak and the last five probe results. Immutable. */
record Health(String status, int failingStreak, List<Map<String, Object>> log) {
  static final String STARTING = "starting";
  static final String HEALTHY = "healthy";
  static final String UNHEALTHY = "unhealthy";
  static final int MAX_LOG = 5;

  static Health starting() {
    return new Health(STARTING, 0, List.of());
  }

  /** moby {@code handleProbeResult}: failures in the start period do not count. */
  Health after(int exitCode, String start, String end, String output, int retries, boolean inStartPeriod) {
    var entry = new LinkedHashMap<String, Object>();
    entry.put("Start", start);
    entry.put("End", end);
    entry.put("ExitCode", exitCode);
    entry.put("Output", output);
    var entries = new ArrayList<>(log);
    entries.add(entry);
    while (entries.size() > MAX_LOG) entries.removeFirst();
    if (exitCode == 0) return new Health(HEALTHY, 0, List.copyOf(entries));
    if (inStartPeriod && !status.equals(HEALTHY)) return new Health(status, failingStreak, List.copyOf(entries));
    int streak = failingStreak + 1;
    var next = streak >= retries && !status.equals(UNHEALTHY) ? UNHEALTHY : status;
    return new Health(next, streak, List.copyOf(entries));
  }

  /** The inspect {@code State.Health} object. */
  Map<String, Object> view() {
    var m = new LinkedHashMap<String, Object>();
    m.put("Status", status);
    m.put("FailingStreak", failingStreak);
    m.put("Log", log);
    return m;
  }

  /** moby {@code Health.String}: what {@code docker ps} shows in parentheses. */
  String label() {
    return status.equals(STARTING) ? "health: starting" : status;
  }
}
