package dev.berth.engine.distribution;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bearer tokens by (realm, service, scopes, credentials). A token is handed out until shortly before
 * it expires, then the caller fetches a new one. Thread-safe.
 */
final class TokenCache {
  /** Tokens this close to expiry are refreshed rather than used. */
  static final Duration MARGIN = Duration.ofSeconds(10);
  /** The distribution spec's default lifetime when the server gives none. */
  static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

  private final InstantSource clock;
  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Key, ReentrantLock> fetching = new ConcurrentHashMap<>();

  TokenCache(InstantSource clock) {
    this.clock = clock;
  }

  record Key(String realm, String service, String scopes, String principal) {}

  private record Entry(String token, Instant expires) {}

  Optional<String> get(Key key) {
    var entry = entries.get(key);
    if (entry == null || !clock.instant().plus(MARGIN).isBefore(entry.expires)) {
      return Optional.empty();
    }
    return Optional.of(entry.token);
  }

  /** @param lifetime as the token server said ({@code expires_in}); null or tiny → the default */
  void put(Key key, String token, Duration lifetime) {
    var life = lifetime == null || lifetime.compareTo(DEFAULT_LIFETIME) < 0 ? DEFAULT_LIFETIME : lifetime;
    entries.put(key, new Entry(token, clock.instant().plus(life)));
    entries.values().removeIf(e -> !clock.instant().isBefore(e.expires));
  }

  /**
   * The lock a caller holds while it looks up and, on a miss, fetches the token for {@code key}, so
   * parallel layer transfers that meet the same challenge fetch one token, not one each.
   */
  ReentrantLock fetchLock(Key key) {
    return fetching.computeIfAbsent(key, k -> new ReentrantLock());
  }

  void invalidate(Key key) {
    entries.remove(key);
  }
}
