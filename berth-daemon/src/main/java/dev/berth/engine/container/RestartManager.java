package dev.berth.engine.container;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.HostConfig;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Restart policies (moby {@code daemon/internal/restartmanager} and the policy half of
 * {@code daemon/monitor.go}): after each exit decides whether the container restarts and after what
 * back-off, runs the delayed restart, cancels it when the user stops the container, and brings
 * {@code always}/{@code unless-stopped} containers back at daemon start. Back-off: 100 ms, doubling
 * per restart, capped at 1 min, back to 100 ms when the container had run for 10 s. Thread-safe.
 */
final class RestartManager {
  private static final System.Logger LOG = System.getLogger(RestartManager.class.getName());
  static final Duration FIRST_DELAY = Duration.ofMillis(100);
  static final Duration MAX_DELAY = Duration.ofMinutes(1);
  static final Duration RESET_AFTER = Duration.ofSeconds(10);

  /** Per container: the last back-off, restarts since the user last started it, a pending restart. */
  static final class Backoff {
    Duration delay = Duration.ZERO;
    int count;
    boolean cancelled;
    CompletableFuture<Void> pending;
  }

  private final Map<String, Backoff> states = new ConcurrentHashMap<>();
  private final Consumer<Container> restarter;
  /** False until the daemon has restored its containers, and again once it shuts down. */
  private volatile boolean accepting;

  /** @param restarter starts a container whose back-off ran out (on a virtual thread of this class) */
  RestartManager(Consumer<Container> restarter) {
    this.restarter = restarter;
  }

  /** moby {@code RestartManager.ShouldRestart}: the delay before the restart, or empty for none. */
  static Optional<Duration> decide(HostConfig.RestartPolicy policy, Backoff b, int exitCode, boolean manuallyStopped,
      Duration ran) {
    var name = policy == null || policy.name() == null ? "" : policy.name();
    if (name.isEmpty() || name.equals("no") || b.cancelled) return Optional.empty();
    if (ran.compareTo(RESET_AFTER) >= 0) b.delay = Duration.ZERO;
    if (b.delay.isZero()) b.delay = FIRST_DELAY;
    else if (b.delay.compareTo(MAX_DELAY) < 0) b.delay = b.delay.multipliedBy(2);
    if (b.delay.compareTo(MAX_DELAY) > 0) b.delay = MAX_DELAY;
    boolean restart = switch (name) {
      case "always" -> true;
      case "unless-stopped" -> !manuallyStopped;
      case "on-failure" -> exitCode != 0 && (policy.maximumRetryCount() == 0 || b.count < policy.maximumRetryCount());
      default -> false;
    };
    if (!restart) return Optional.empty();
    b.count++;
    return Optional.of(b.delay);
  }

  /** Called while an exit is recorded: the delay when the policy restarts {@code c}. */
  Optional<Duration> afterExit(Container c, int exitCode, Duration ran) {
    if (!accepting || c.removing()) return Optional.empty();
    var b = states.computeIfAbsent(c.id, k -> new Backoff());
    synchronized (b) {
      return decide(c.hostConfig().restartPolicy(), b, exitCode, c.record().state().manuallyStopped(), ran);
    }
  }

  /** Restarts {@code c} after {@code delay} unless cancelled first. */
  void schedule(Container c, Duration delay) {
    var b = states.computeIfAbsent(c.id, k -> new Backoff());
    var cancel = new CompletableFuture<Void>();
    synchronized (b) {
      b.pending = cancel;
    }
    Thread.ofVirtual().name("restart-" + c.id.substring(0, Math.min(12, c.id.length()))).start(() -> {
      if (Lifecycle.await(cancel, delay)) return;
      synchronized (b) {
        if (b.pending != cancel || b.cancelled) return;
        b.pending = null;
      }
      try {
        restarter.accept(c);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "restart of " + c.id + " failed: " + e.getMessage());
      }
    });
  }

  /**
   * The user stopped, killed, restarted or removed {@code c}: no restart until it is started again.
   * Returns whether a restart was pending (the caller then records the container as exited).
   */
  boolean cancel(Container c) {
    var b = states.computeIfAbsent(c.id, k -> new Backoff());
    synchronized (b) {
      b.cancelled = true;
      var pending = b.pending;
      b.pending = null;
      if (pending == null) return false;
      pending.complete(null);
      return true;
    }
  }

  /** The user started {@code c}: a fresh back-off and count (moby {@code ResetRestartManager}). */
  void reset(Container c) {
    var b = states.computeIfAbsent(c.id, k -> new Backoff());
    synchronized (b) {
      b.delay = Duration.ZERO;
      b.count = 0;
      b.cancelled = false;
    }
  }

  void forget(String id) {
    states.remove(id);
  }

  /** Restores are done: exits from now on follow the policies. */
  void accept() {
    accepting = true;
  }

  /** Daemon shutdown: no more restarts; pending ones are cancelled (returns the containers affected). */
  void shutdown(Iterable<Container> all) {
    accepting = false;
    for (var c : all) cancel(c);
  }

  /** moby {@code validateRestartPolicy} and the AutoRemove check of {@code verifyContainerSettings}. */
  static void validate(HostConfig.RestartPolicy policy, boolean autoRemove) {
    var name = policy == null || policy.name() == null ? "" : policy.name();
    switch (name) {
      case "", "no", "always", "unless-stopped" -> {
        if (policy != null && policy.maximumRetryCount() != 0) {
          throw new InvalidArgument("invalid restart policy: maximum retry count can only be used with 'on-failure'");
        }
      }
      case "on-failure" -> {
        if (policy.maximumRetryCount() < 0) {
          throw new InvalidArgument("invalid restart policy: maximum retry count cannot be negative");
        }
      }
      default -> throw new InvalidArgument("invalid restart policy: unknown policy '" + name
          + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
    }
    if (autoRemove && !name.isEmpty() && !name.equals("no")) {
      throw new InvalidArgument("can't create 'AutoRemove' container with restart policy");
    }
  }

  /** moby restore: {@code always}, and {@code unless-stopped} unless the user stopped it, come back. */
  static boolean restartsAtBoot(Container c) {
    var s = c.record().state();
    if (s.running() || !s.everStarted() || c.removing()) return false;
    var p = c.hostConfig().restartPolicy();
    var name = p == null || p.name() == null ? "" : p.name();
    return name.equals("always") || name.equals("unless-stopped") && !s.manuallyStopped();
  }
}
