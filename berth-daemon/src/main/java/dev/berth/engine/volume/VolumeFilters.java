package dev.berth.engine.volume;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.Filters;
import java.util.Map;
import java.util.regex.Pattern;

/** The volume filter rules of dockerd ({@code name} as a regexp, {@code label!}, Go booleans). */
final class VolumeFilters {
  private VolumeFilters() {}

  static boolean pruneLabelsMatch(Filters filters, Map<String, String> labels) {
    if (!filters.matchesLabels(labels)) {
      return false;
    }
    if (filters.has("label!")) {
      var negated = new Filters(Map.of("label", filters.get("label!")));
      return !negated.matchesLabels(labels);
    }
    return true;
  }

  static boolean matches(String pattern, String name) {
    try {
      return Pattern.compile(pattern).matcher(name).find();
    } catch (RuntimeException e) {
      return false;
    }
  }

  static boolean bool(Filters filters, String key) {
    var values = filters.get(key);
    var invalid = "invalid filter '" + key + "=" + String.join(",", values) + "'";
    if (values.size() != 1) {
      throw new InvalidArgument(invalid);
    }
    return parseBool(values.iterator().next(), invalid);
  }

  /** Go's strconv.ParseBool. */
  static boolean parseBool(String v, String error) {
    return switch (v) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> throw new InvalidArgument(error);
    };
  }
}
