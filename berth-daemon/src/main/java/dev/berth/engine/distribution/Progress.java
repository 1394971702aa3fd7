package dev.berth.engine.distribution;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Sends progress messages to the client one at a time (layers report from several threads) and
 * thins byte counts to one message per layer every 100 ms, as moby's progress reader does.
 */
final class Progress {
  static final long INTERVAL_NANOS = 100_000_000L;

  private final Consumer<Object> sink;
  private final ConcurrentHashMap<String, Long> lastSent = new ConcurrentHashMap<>();

  Progress(Consumer<Object> sink) {
    this.sink = sink;
  }

  static Progress discard() {
    return new Progress(m -> {});
  }

  synchronized void send(ProgressMessage message) {
    sink.accept(message);
  }

  void status(String status) {
    send(ProgressMessage.status(status, null));
  }

  void step(String id, String status) {
    send(ProgressMessage.step(status, id));
  }

  /** A byte-count update; dropped when the last one for this id and status was under 100 ms ago. */
  void bytes(String id, String status, long current, long total) {
    long now = System.nanoTime();
    var key = id + "\u0000" + status;
    var last = lastSent.get(key);
    boolean done = total > 0 && current >= total;
    if (last != null && now - last < INTERVAL_NANOS && !done) {
      return;
    }
    lastSent.put(key, now);
    send(ProgressMessage.progress(status, id, current, total));
  }
}
