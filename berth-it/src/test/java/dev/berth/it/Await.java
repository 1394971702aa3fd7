package dev.berth.it;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes. The only way tests wait for something. */
public final class Await {
  private static final Duration INTERVAL = Duration.ofMillis(25);

  private Await() {}

  /** Returns as soon as {@code condition} is true; fails with {@code what} when {@code timeout} passes first. */
  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    value(timeout, what, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }

  /** Returns the first present value {@code probe} yields; fails with {@code what} when {@code timeout} passes first. */
  public static <T> T value(Duration timeout, String what, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> v = probe.get();
      if (v.isPresent()) {
        return v.get();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(INTERVAL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while polling", e);
    }
  }
}
