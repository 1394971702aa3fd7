package dev.berth.model;

import dev.berth.engine.error.InvalidArgument;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} query parameter, decoded: key → set of values. Both JSON shapes clients send
 * ({@code {"label":{"a=b":true}}} and {@code {"label":["a=b"]}}) decode to the same value.
 */
public record Filters(Map<String, Set<String>> values) {
  public Filters {
    values = Map.copyOf(values);
  }

  public static Filters none() {
    return new Filters(Map.of());
  }

  public Set<String> get(String key) {
    return values.getOrDefault(key, Set.of());
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** Throws dockerd's 400 for a key the endpoint does not accept. */
  public Filters accept(Collection<String> allowed) {
    for (var key : values.keySet()) {
      if (!allowed.contains(key)) {
        throw new InvalidArgument("invalid filter '" + key + "'");
      }
    }
    return this;
  }

  /** Label filters AND together: "key" means present, "key=value" means equal. */
  public boolean matchesLabels(Map<String, String> labels) {
    for (var want : get("label")) {
      int eq = want.indexOf('=');
      var have = labels == null ? Map.<String, String>of() : labels;
      if (eq < 0 ? !have.containsKey(want) : !want.substring(eq + 1).equals(have.get(want.substring(0, eq)))) {
        return false;
      }
    }
    return true;
  }
}
