package dev.berth.engine.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.Filters;
import dev.berth.model.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventBusTest {
  final EventBus bus = new EventBus();

  static EventFilter filter(String key, String... values) {
    return EventFilter.of(new Filters(Map.of(key, Set.of(values))));
  }

  @Test
  void jsonHasMobysShapeWithLegacyFields() throws Exception {
    var e = bus.publish("container", "start", "abc", Map.of("name", "web", "image", "busybox"));
    var json = Json.mapper().writeValueAsString(e);
    assertThat(json).startsWith("{\"status\":\"start\",\"id\":\"abc\",\"from\":\"busybox\",\"Type\":\"container\",\"Action\":\"start\",")
        .contains("\"scope\":\"local\"").contains("\"timeNano\":" + e.timeNano());
    var net = bus.publish("network", "connect", "n1", Map.of("name", "bridge"));
    assertThat(Json.mapper().writeValueAsString(net)).startsWith("{\"Type\":\"network\"");
    assertThat(e.time()).isEqualTo(e.timeNano() / 1_000_000_000L);
  }

  @Test
  void filtersMatchAsDockerdDoes() {
    var e = bus.publish("container", "die", "abcdef", Map.of("name", "web", "image", "busybox:latest", "app", "x"));
    assertThat(filter("container", "web").includes(e)).isTrue();
    assertThat(filter("container", "abc").includes(e)).isTrue();
    assertThat(filter("container", "db").includes(e)).isFalse();
    assertThat(filter("event", "die").includes(e)).isTrue();
    assertThat(filter("event", "start").includes(e)).isFalse();
    assertThat(filter("type", "network").includes(e)).isFalse();
    assertThat(filter("image", "busybox").includes(e)).isTrue();
    assertThat(filter("label", "app=x").includes(e)).isTrue();
    assertThat(filter("label", "app=y").includes(e)).isFalse();
    assertThat(filter("network", "bridge").includes(e)).isFalse();
    assertThatThrownBy(() -> filter("bogus", "1")).isInstanceOf(InvalidArgument.class).hasMessage("invalid filter 'bogus'");
  }

  @Test
  void forwardWritesTheReplayThenLiveEventsAndEndsAtUntil() throws Exception {
    bus.publish("container", "create", "a", Map.of("name", "a"));
    var written = new java.util.ArrayList<String>();
    try (var sub = bus.subscribe(filter("type", "container"), Instant.EPOCH, Instant.now().plusMillis(300))) {
      bus.publish("container", "start", "a", Map.of("name", "a"));
      sub.forward(e -> written.add(e.action()), Instant.now().plusMillis(300));
    }
    assertThat(written).containsExactly("create", "start");
  }

  @Test
  void replaysOnlyWithSinceOrUntilAndDeliversLiveEvents() throws Exception {
    bus.publish("container", "create", "a", Map.of("name", "a"));
    try (var none = bus.subscribe(filter("type", "container"), null, null)) {
      assertThat(none.replay()).isEmpty();
    }
    try (var sub = bus.subscribe(filter("type", "container"), Instant.EPOCH, null)) {
      assertThat(sub.replay()).extracting(Event::action).containsExactly("create");
      bus.publish("network", "create", "n", Map.of("name", "n"));
      bus.publish("container", "start", "a", Map.of("name", "a"));
      assertThat(sub.queue().take().action()).isEqualTo("start");
      assertThat(sub.queue()).isEmpty();
    }
    assertThat(bus.subscriberCount()).isZero();
  }

  @Test
  void aSubscriberThatFallsBehindIsCutOffWithoutSlowingThePublisher() {
    var cut = new java.util.concurrent.atomic.AtomicInteger();
    try (var slow = bus.subscribe(filter("type", "container"), null, null);
         var fast = bus.subscribe(filter("type", "container"), null, null)) {
      slow.onCutOff(cut::incrementAndGet);
      long start = System.nanoTime();
      for (int i = 0; i < EventBus.BACKLOG + 10; i++) {
        bus.publish("container", "start", "a" + i, Map.of());
        fast.queue().poll();
      }
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(5));
      assertThat(slow.cutOff()).isEqualTo("fell " + EventBus.BACKLOG + " events behind");
      assertThat(cut).hasValue(1);
      assertThat(fast.cutOff()).isNull();
      assertThat(bus.subscriberCount()).isEqualTo(1);
      var late = new java.util.concurrent.atomic.AtomicBoolean();
      slow.onCutOff(() -> late.set(true));
      assertThat(late).isTrue();
    }
  }

  @Test
  void healthAndExecEventsMatchByPrefix() {
    var health = bus.publish("container", "health_status: healthy", "a", Map.of());
    var exec = bus.publish("container", "exec_create: sh -c true", "a", Map.of());
    assertThat(filter("event", "health_status").includes(health)).isTrue();
    assertThat(filter("event", "exec_create").includes(exec)).isTrue();
    assertThat(filter("event", "exec_create").includes(health)).isFalse();
    assertThat(filter("event", "health").includes(health)).isFalse();
  }
}
