package dev.berth.engine.container;

import dev.berth.model.Rfc3339;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContainerStateTest {
  static final Instant T0 = Instant.parse("2026-11-27T17:00:00.123456789Z");

  @Test
  void humanDurationFollowsGoUnits() {
    assertThat(HumanDuration.of(Duration.ofMillis(900))).isEqualTo("Less than a second");
    assertThat(HumanDuration.of(Duration.ofSeconds(1))).isEqualTo("1 second");
    assertThat(HumanDuration.of(Duration.ofSeconds(59))).isEqualTo("59 seconds");
    assertThat(HumanDuration.of(Duration.ofSeconds(90))).isEqualTo("About a minute");
    assertThat(HumanDuration.of(Duration.ofMinutes(59))).isEqualTo("59 minutes");
    assertThat(HumanDuration.of(Duration.ofMinutes(89))).isEqualTo("About an hour");
    assertThat(HumanDuration.of(Duration.ofMinutes(90))).isEqualTo("2 hours");
    assertThat(HumanDuration.of(Duration.ofHours(47))).isEqualTo("47 hours");
    assertThat(HumanDuration.of(Duration.ofDays(3))).isEqualTo("3 days");
    assertThat(HumanDuration.of(Duration.ofDays(20))).isEqualTo("2 weeks");
    assertThat(HumanDuration.of(Duration.ofDays(90))).isEqualTo("3 months");
    assertThat(HumanDuration.of(Duration.ofDays(800))).isEqualTo("2 years");
  }

  @Test
  void statusStringsAsDockerPsShowsThem() {
    var created = ContainerState.created();
    assertThat(created.describe(false, T0)).isEqualTo("Created");
    assertThat(created.status(false)).isEqualTo("created");
    var running = created.started(42, T0);
    assertThat(running.describe(false, T0.plusSeconds(5))).isEqualTo("Up 5 seconds");
    assertThat(running.describe(false, T0)).isEqualTo("Up Less than a second");
    var exited = running.exited(3, false, T0.plusSeconds(10));
    assertThat(exited.describe(false, T0.plusSeconds(130))).isEqualTo("Exited (3) 2 minutes ago");
    assertThat(exited.status(false)).isEqualTo("exited");
    assertThat(exited.describe(true, T0)).isEqualTo("Removal In Progress");
  }

  @Test
  void timesUseGoRfc3339Nano() {
    assertThat(Rfc3339.format(T0)).isEqualTo("2026-11-27T17:00:00.123456789Z");
    assertThat(Rfc3339.format(Instant.parse("2026-11-27T17:00:00.270Z"))).isEqualTo("2026-11-27T17:00:00.27Z");
    assertThat(Rfc3339.format(Instant.parse("2026-11-27T17:00:00Z"))).isEqualTo("2026-11-27T17:00:00Z");
    assertThat(Rfc3339.format(null)).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(Rfc3339.parse(Rfc3339.format(T0))).isEqualTo(T0);
  }
}
