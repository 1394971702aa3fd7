package dev.berth.engine.container;

import dev.berth.model.Rfc3339;
import dev.berth.model.ContainerConfig.HealthConfig;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Health checks (moby {@code daemon/health.go}): while a container with a health check runs, one
 * virtual thread per container probes it every interval (the start interval during the start
 * period), keeps {@link Health} on the container and emits {@code health_status: …} on a change.
 * Defaults as moby: interval 30 s, timeout 30 s, retries 3, start interval 5 s. Thread-safe.
 */
final class HealthMonitor {
  private static final System.Logger LOG = System.getLogger(HealthMonitor.class.getName());
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  static final int DEFAULT_RETRIES = 3;
  static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
  static final int MAX_OUTPUT = 4096;

  private final HealthProbe probe;
  private final ContainerEvents events;
  private final Clock clock;
  private final Map<String, Thread> running = new ConcurrentHashMap<>();
  private final java.util.function.Consumer<Container> persist;

  HealthMonitor(HealthProbe probe, ContainerEvents events, Clock clock) {
    this(probe, events, clock, c -> {});
  }

  /** @param persist saves the container's health after each change (kept across daemon restarts) */
  HealthMonitor(HealthProbe probe, ContainerEvents events, Clock clock, java.util.function.Consumer<Container> persist) {
    this.probe = probe;
    this.events = events;
    this.clock = clock;
    this.persist = persist;
  }

  /** The probe command, or null when the container has no (or a NONE) health check. */
  static List<String> command(HealthConfig hc) {
    if (hc == null || hc.test() == null || hc.test().isEmpty()) return null;
    var test = hc.test();
    return switch (test.getFirst()) {
      case "CMD" -> test.size() > 1 ? List.copyOf(test.subList(1, test.size())) : null;
      case "CMD-SHELL" -> test.size() > 1 ? List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size()))) : null;
      default -> null;
    };
  }

  private static Duration nanos(long value, Duration otherwise) {
    return value > 0 ? Duration.ofNanos(value) : otherwise;
  }

  /** The container started: begin probing it (when it has a health check). */
  void started(Container c) {
    begin(c, Health.starting(), clock.instant());
  }

  /**
   * The daemon restarted and found {@code c} running: probing goes on from its {@code saved}
   * health (starting when none was saved), the start period counted from the container's start.
   */
  void resumed(Container c, Health saved) {
    var startedAt = Rfc3339.parseSet(c.record().state().startedAt());
    begin(c, saved == null ? Health.starting() : saved, startedAt == null ? clock.instant() : startedAt);
  }

  private void begin(Container c, Health initial, java.time.Instant began) {
    stopped(c);
    var hc = c.record().config().healthcheck();
    var argv = command(hc);
    if (argv == null) {
      c.health(null);
      return;
    }
    c.health(initial);
    persist.accept(c);
    var t = Thread.ofVirtual().name("health-" + c.id.substring(0, Math.min(12, c.id.length())))
        .start(() -> loop(c, hc, argv, began));
    running.put(c.id, t);
  }

  /** The container exited or is removed: stop probing (the last Health stays for inspect). */
  void stopped(Container c) {
    var t = running.remove(c.id);
    if (t != null) t.interrupt();
  }

  private void loop(Container c, HealthConfig hc, List<String> argv, java.time.Instant began) {
    var interval = nanos(hc.interval(), DEFAULT_INTERVAL);
    var timeout = nanos(hc.timeout(), DEFAULT_TIMEOUT);
    var startInterval = nanos(hc.startInterval(), DEFAULT_START_INTERVAL);
    var startPeriod = nanos(hc.startPeriod(), Duration.ZERO);
    int retries = hc.retries() > 0 ? hc.retries() : DEFAULT_RETRIES;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        boolean inStart = Duration.between(began, clock.instant()).compareTo(startPeriod) < 0;
        var h = c.health();
        Thread.sleep(inStart && h != null && h.status().equals(Health.STARTING) ? startInterval : interval);
        if (!c.running() || c.record().state().restarting()) return;
        inStart = Duration.between(began, clock.instant()).compareTo(startPeriod) < 0;
        probeOnce(c, argv, timeout, retries, inStart);
      }
    } catch (InterruptedException e) {
      // stopped
    }
  }

  private void probeOnce(Container c, List<String> argv, Duration timeout, int retries, boolean inStart) {
    var start = clock.instant();
    HealthProbe.Result result;
    try {
      result = probe.run(c.id, argv, timeout, MAX_OUTPUT);
    } catch (RuntimeException e) {
      result = new HealthProbe.Result(-1, e.getMessage() == null ? "" : e.getMessage(), false);
    }
    if (running.get(c.id) != Thread.currentThread()) return;
    var output = result.timedOut() ? "Health check exceeded timeout (" + HumanGo.duration(timeout) + ")" : result.output();
    int code = result.timedOut() ? -1 : result.exitCode();
    var before = c.health();
    var after = (before == null ? Health.starting() : before)
        .after(code, Rfc3339.format(start), Rfc3339.format(clock.instant()), output, retries, inStart);
    c.health(after);
    persist.accept(c);
    if (before == null || !before.status().equals(after.status())) {
      events.emit(c.record(), "health_status: " + after.status());
    }
  }

  /** Go's {@code time.Duration.String} for the whole-second and millisecond values health checks use. */
  static final class HumanGo {
    private HumanGo() {}

    static String duration(Duration d) {
      if (d.toMillis() < 1000) return d.toMillis() + "ms";
      if (d.toMillis() % 1000 != 0) return (d.toMillis() / 1000.0) + "s";
      long s = d.toSeconds();
      var out = new ArrayList<String>();
      if (s >= 3600) out.add(s / 3600 + "h");
      if (s >= 60) out.add(s % 3600 / 60 + "m");
      out.add(s % 60 + "s");
      return String.join("", out);
    }
  }
}
