package dev.berth.engine.events;

import dev.berth.model.Filters;
import java.util.List;
import java.util.Set;

/**
 * moby's {@code daemon/events/filter.go}: {@code type}, {@code event} and {@code scope} match
 * exactly; {@code container}, {@code network}, {@code volume}, … match the actor's id or name by
 * exact value or prefix; {@code image} matches the image id or name with or without its tag;
 * {@code label} values AND together. An absent key matches everything.
 */
public final class EventFilter {
  static final List<String> ACCEPTED = List.of("config", "container", "daemon", "event", "image", "label",
      "network", "node", "plugin", "scope", "secret", "service", "type", "volume");
  private static final List<String> NAMED_TYPES =
      List.of("container", "daemon", "network", "volume", "plugin", "node", "service", "secret", "config");

  private final Filters filters;

  private EventFilter(Filters filters) {
    this.filters = filters;
  }

  /** @throws dev.berth.engine.error.InvalidArgument for a key /events does not take */
  public static EventFilter of(Filters filters) {
    return new EventFilter(filters.accept(ACCEPTED));
  }

  public boolean includes(Event e) {
    return event(e.action()) && exact("type", e.type()) && exact("scope", e.scope())
        && namedTypes(e) && image(e) && filters.matchesLabels(e.actor().attributes());
  }

  /**
   * moby #25798: {@code event=health_status}, {@code exec_create} or {@code exec_start} (whose
   * actions carry a suffix, "health_status: healthy") match by prefix; other events exactly.
   */
  private boolean event(String action) {
    if (!filters.has("event")) return true;
    var wanted = filters.get("event");
    if (wanted.contains("health_status") || wanted.contains("exec_create") || wanted.contains("exec_start")) {
      return fuzzy("event", action);
    }
    return wanted.contains(action);
  }

  private boolean namedTypes(Event e) {
    for (var type : NAMED_TYPES) {
      if (filters.has(type) && !(fuzzy(type, e.actor().id()) || fuzzy(type, e.actor().attributes().get("name")))) {
        return false;
      }
    }
    return true;
  }

  private boolean image(Event e) {
    if (!filters.has("image")) return true;
    var name = e.actor().attributes().get(e.type().equals("image") ? "name" : "image");
    var wanted = filters.get("image");
    return wanted.contains(e.actor().id()) || name != null && (wanted.contains(name) || wanted.contains(stripTag(name)))
        || wanted.contains(stripTag(e.actor().id()));
  }

  /** {@code busybox:latest} → {@code busybox}; digests and registry ports survive. */
  static String stripTag(String image) {
    var at = image.indexOf('@');
    var base = at >= 0 ? image.substring(0, at) : image;
    int colon = base.lastIndexOf(':');
    if (colon > base.lastIndexOf('/')) base = base.substring(0, colon);
    if (base.startsWith("docker.io/library/")) base = base.substring("docker.io/library/".length());
    else if (base.startsWith("docker.io/")) base = base.substring("docker.io/".length());
    return base;
  }

  private boolean exact(String key, String value) {
    return !filters.has(key) || filters.get(key).contains(value);
  }

  private boolean fuzzy(String key, String value) {
    if (value == null) return false;
    Set<String> wanted = filters.get(key);
    for (var w : wanted) {
      if (value.equals(w) || value.startsWith(w)) return true;
    }
    return false;
  }
}
