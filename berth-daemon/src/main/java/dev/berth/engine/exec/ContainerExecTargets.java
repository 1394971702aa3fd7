package dev.berth.engine.exec;

import dev.berth.engine.container.ContainerService;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.events.EventFilter;
import dev.berth.model.Filters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.ObjLongConsumer;

/**
 * {@link ExecTargets} on the container service's inspect view and the event bus: exec events carry
 * the container's image, name and labels like its other events (moby {@code LogContainerEventWithAttributes}).
 */
public final class ContainerExecTargets implements ExecTargets {
  private final ContainerService containers;
  private final EventBus events;

  public ContainerExecTargets(ContainerService containers, EventBus events) {
    this.containers = containers;
    this.events = events;
  }

  @Override
  public Target find(String ref) {
    var view = containers.inspect(ref, false);
    var state = (Map<?, ?>) view.get("State");
    return new Target((String) view.get("Id"), flag(state, "Running"), flag(state, "Paused"), flag(state, "Restarting"));
  }

  private static boolean flag(Map<?, ?> state, String key) {
    return state != null && Boolean.TRUE.equals(state.get(key));
  }

  @Override
  public void event(String containerId, String action, Map<String, String> attributes) {
    var attrs = new LinkedHashMap<String, String>();
    try {
      var view = containers.inspect(containerId, false);
      if (view.get("Config") instanceof Map<?, ?> config) {
        if (config.get("Labels") instanceof Map<?, ?> labels) labels.forEach((k, v) -> attrs.put(String.valueOf(k), String.valueOf(v)));
        if (config.get("Image") != null) attrs.put("image", String.valueOf(config.get("Image")));
      }
      var name = String.valueOf(view.get("Name"));
      attrs.put("name", name.startsWith("/") ? name.substring(1) : name);
    } catch (RuntimeException gone) {
      // the container went away meanwhile: the event still says what happened
    }
    attrs.putAll(attributes);
    events.publish("container", action, containerId, attrs);
  }

  @Override
  public void onStop(ObjLongConsumer<String> listener) {
    var dies = EventFilter.of(new Filters(Map.of("type", Set.of("container"), "event", Set.of("die"))));
    var subscription = events.subscribe(dies, null, null);
    Thread.ofVirtual().name("exec-container-stops").start(() -> {
      try (subscription) {
        while (true) {
          var e = subscription.queue().take();
          listener.accept(e.actor().id(), e.timeNano());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }
}
