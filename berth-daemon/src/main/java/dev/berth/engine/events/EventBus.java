package dev.berth.engine.events;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's event stream: services publish, {@code GET /events} subscribes. Keeps the last
 * {@value #HISTORY} events for {@code since}/{@code until} replay (moby keeps 256). Publishing never
 * blocks and never waits for a subscriber: each has a queue of {@value #BACKLOG} events, and one
 * that falls that far behind is cut off ({@link Subscription#cutOff()} says why; the API then
 * closes its connection) rather than silently missing events. dockerd instead waits up to 100 ms
 * per event for a subscriber whose 1024-event buffer is full and then drops that event for it, so
 * there a stalled reader slows every action that emits an event and loses events unnoticed.
 * Thread-safe.
 */
public final class EventBus {
  static final int HISTORY = 1024;
  static final int BACKLOG = 1024;
  /** How often a forwarding subscription with no events looks at the clock and its cut-off. */
  private static final Duration IDLE_CHECK = Duration.ofSeconds(1);

  private final Clock clock;
  private final ArrayDeque<Event> history = new ArrayDeque<>();
  private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();

  public EventBus(Clock clock) {
    this.clock = clock;
  }

  public EventBus() {
    this(Clock.systemUTC());
  }

  /** Publishes a local event of {@code type} for {@code actorId}, stamped now. */
  public Event publish(String type, String action, String actorId, Map<String, String> attributes) {
    var now = clock.instant();
    var event = Event.local(type, action, new Event.Actor(actorId, attributes), now.getEpochSecond() * 1_000_000_000L + now.getNano());
    synchronized (history) {
      if (history.size() == HISTORY) history.removeFirst();
      history.addLast(event);
    }
    for (var s : subscribers) {
      if (s.filter.includes(event) && !s.queue.offer(event)) {
        s.cut("fell " + BACKLOG + " events behind");
      }
    }
    return event;
  }

  /**
   * Subscribes to future events matching {@code filter}, and returns the recorded ones between
   * {@code since} and {@code until} (either may be null; both null replays nothing, as moby does).
   * The caller closes the subscription.
   */
  public Subscription subscribe(EventFilter filter, Instant since, Instant until) {
    var s = new Subscription(filter);
    synchronized (history) {
      if (since != null || until != null) {
        long from = since == null ? Long.MIN_VALUE : nanos(since);
        long to = until == null ? Long.MAX_VALUE : nanos(until);
        for (var e : history) {
          if (e.timeNano() >= from && e.timeNano() <= to && filter.includes(e)) s.replay.add(e);
        }
      }
      subscribers.add(s);
    }
    return s;
  }

  public int subscriberCount() {
    return subscribers.size();
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** A live subscription; {@link #replay()} first, then {@link #queue()}. Close it when done. */
  public final class Subscription implements AutoCloseable {
    private final EventFilter filter;
    private final List<Event> replay = new ArrayList<>();
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>(BACKLOG);
    private volatile String cutOff;
    private Runnable onCutOff;

    private Subscription(EventFilter filter) {
      this.filter = filter;
    }

    public List<Event> replay() {
      return List.copyOf(replay);
    }

    public BlockingQueue<Event> queue() {
      return queue;
    }

    /** Where {@link #forward} writes; a write that throws ends the forwarding. */
    public interface Sink {
      void write(Event e) throws IOException;
    }

    /**
     * Writes the replay, then live events until {@code until} has passed (never, when null) or
     * the bus cut this subscriber off.
     *
     * @throws InterruptedException when the calling thread is interrupted (as by {@link #onCutOff})
     */
    public void forward(Sink sink, Instant until) throws IOException, InterruptedException {
      for (var e : replay()) sink.write(e);
      while (cutOff == null && (until == null || clock.instant().isBefore(until))) {
        var wait = until == null ? IDLE_CHECK : Duration.between(clock.instant(), until);
        var e = queue.poll(Math.max(1, Math.min(wait.toMillis(), IDLE_CHECK.toMillis())), TimeUnit.MILLISECONDS);
        if (e != null) sink.write(e);
      }
    }

    /** Why the bus cut this subscriber off (it read too slowly), or null while it is subscribed. */
    public String cutOff() {
      return cutOff;
    }

    /** Runs {@code action} (once, on the publishing thread; must not block) when this subscriber is cut off. */
    public void onCutOff(Runnable action) {
      boolean now;
      synchronized (this) {
        onCutOff = action;
        now = cutOff != null;
      }
      if (now) action.run();
    }

    private void cut(String reason) {
      Runnable action;
      synchronized (this) {
        if (cutOff != null) return;
        cutOff = reason;
        action = onCutOff;
      }
      subscribers.remove(this);
      if (action != null) action.run();
    }

    @Override
    public void close() {
      subscribers.remove(this);
    }
  }
}
