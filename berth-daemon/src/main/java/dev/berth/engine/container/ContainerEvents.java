package dev.berth.engine.container;

import dev.berth.engine.events.EventBus;
import java.util.HashMap;
import java.util.Map;

/** Container events with moby's attributes: every label, {@code image} (as given) and {@code name}. */
final class ContainerEvents {
  private final EventBus bus;

  ContainerEvents(EventBus bus) {
    this.bus = bus;
  }

  void emit(ContainerRecord r, String action) {
    emit(r, action, Map.of());
  }

  void emit(ContainerRecord r, String action, Map<String, String> extra) {
    var attributes = new HashMap<String, String>();
    if (r.config().labels() != null) attributes.putAll(r.config().labels());
    if (r.config().image() != null && !r.config().image().isEmpty()) attributes.put("image", r.config().image());
    attributes.put("name", r.shortName());
    attributes.putAll(extra);
    bus.publish("container", action, r.id(), attributes);
  }
}
