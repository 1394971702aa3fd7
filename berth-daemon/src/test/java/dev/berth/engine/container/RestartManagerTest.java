package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.HostConfig.RestartPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestartManagerTest {
  private static final Duration SHORT = Duration.ofSeconds(1);

  @Test
  void backoffStartsAt100msDoublesAndIsCappedAtOneMinute() {
    var b = new RestartManager.Backoff();
    var delays = new ArrayList<Long>();
    for (int i = 0; i < 12; i++) {
      delays.add(RestartManager.decide(new RestartPolicy("always", 0), b, 1, false, SHORT).orElseThrow().toMillis());
    }
    assertThat(delays).containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 25600L, 51200L,
        60000L, 60000L);
  }

  @Test
  void tenSecondsOfRunningResetsTheBackoff() {
    var b = new RestartManager.Backoff();
    var always = new RestartPolicy("always", 0);
    RestartManager.decide(always, b, 1, false, SHORT);
    RestartManager.decide(always, b, 1, false, SHORT);
    assertThat(RestartManager.decide(always, b, 1, false, Duration.ofSeconds(10))).contains(Duration.ofMillis(100));
  }

  @Test
  void onFailureRestartsOnlyNonZeroExitsUpToItsMaximum() {
    var b = new RestartManager.Backoff();
    var policy = new RestartPolicy("on-failure", 2);
    assertThat(RestartManager.decide(policy, b, 0, false, SHORT)).isEmpty();
    assertThat(RestartManager.decide(policy, b, 3, false, SHORT)).isPresent();
    assertThat(RestartManager.decide(policy, b, 3, false, SHORT)).isPresent();
    assertThat(RestartManager.decide(policy, b, 3, false, SHORT)).isEmpty();
    assertThat(RestartManager.decide(new RestartPolicy("on-failure", 0), new RestartManager.Backoff(), 1, false, SHORT))
        .isPresent();
  }

  @Test
  void unlessStoppedHonoursAManualStopAndNoAndCancelledNeverRestart() {
    assertThat(RestartManager.decide(new RestartPolicy("unless-stopped", 0), new RestartManager.Backoff(), 1, true, SHORT))
        .isEmpty();
    assertThat(RestartManager.decide(new RestartPolicy("unless-stopped", 0), new RestartManager.Backoff(), 0, false, SHORT))
        .isPresent();
    assertThat(RestartManager.decide(new RestartPolicy("no", 0), new RestartManager.Backoff(), 1, false, SHORT)).isEmpty();
    var cancelled = new RestartManager.Backoff();
    cancelled.cancelled = true;
    assertThat(RestartManager.decide(new RestartPolicy("always", 0), cancelled, 1, false, SHORT))
        .isEqualTo(Optional.empty());
  }

  @Test
  void validationUsesDockerdsMessages() {
    assertThatThrownBy(() -> RestartManager.validate(new RestartPolicy("sometimes", 0), false))
        .isInstanceOf(InvalidArgument.class)
        .hasMessage("invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
    assertThatThrownBy(() -> RestartManager.validate(new RestartPolicy("always", 3), false))
        .hasMessage("invalid restart policy: maximum retry count can only be used with 'on-failure'");
    assertThatThrownBy(() -> RestartManager.validate(new RestartPolicy("on-failure", -1), false))
        .hasMessage("invalid restart policy: maximum retry count cannot be negative");
    assertThatThrownBy(() -> RestartManager.validate(new RestartPolicy("always", 0), true))
        .hasMessage("can't create 'AutoRemove' container with restart policy");
    RestartManager.validate(new RestartPolicy("no", 0), true);
    RestartManager.validate(null, false);
  }
}
