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
}
