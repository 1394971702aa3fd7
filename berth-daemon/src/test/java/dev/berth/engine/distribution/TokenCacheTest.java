package dev.berth.engine.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final TokenCache cache = new TokenCache(() -> now);
  private final TokenCache.Key pull = new TokenCache.Key("http://auth/token", "reg", "repository:a:pull", "user:alice");

  @Test
  void handsOutATokenUntilShortlyBeforeItExpires() {
    cache.put(pull, "t1", Duration.ofSeconds(300));
    now = now.plusSeconds(280);
    assertThat(cache.get(pull)).hasValue("t1");
    now = now.plusSeconds(15);
    assertThat(cache.get(pull)).isEmpty();
  }

  @Test
  void keepsTokensApartByScopeAndPrincipal() {
    cache.put(pull, "t1", Duration.ofSeconds(300));
    assertThat(cache.get(new TokenCache.Key("http://auth/token", "reg", "repository:a:pull,push", "user:alice"))).isEmpty();
    assertThat(cache.get(new TokenCache.Key("http://auth/token", "reg", "repository:a:pull", "user:bob"))).isEmpty();
  }

  @Test
  void shortOrMissingLifetimesCountAsSixtySeconds() {
    cache.put(pull, "t1", Duration.ofSeconds(5));
    now = now.plusSeconds(45);
    assertThat(cache.get(pull)).hasValue("t1");
    now = now.plusSeconds(10);
    assertThat(cache.get(pull)).isEmpty();
  }

  @Test
  void invalidatedTokensAreFetchedAgain() {
    cache.put(pull, "t1", null);
    cache.invalidate(pull);
    assertThat(cache.get(pull)).isEmpty();
  }

  @Test
  void realClockWorks() {
    var real = new TokenCache(InstantSource.system());
    real.put(pull, "t", Duration.ofSeconds(120));
    assertThat(real.get(pull)).hasValue("t");
  }
}
