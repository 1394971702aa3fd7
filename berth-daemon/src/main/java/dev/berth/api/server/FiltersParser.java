package dev.berth.api.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.Filters;
import dev.berth.model.Json;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decodes the {@code filters} query parameter as moby's {@code filters.FromJSON}: the map form
 * {@code {"label":{"a=b":true}}} and the legacy list form {@code {"label":["a=b"]}} (docker-py,
 * docker-java) give the same {@link Filters}. Anything else is moby's 400 "invalid filter".
 */
final class FiltersParser {
  private FiltersParser() {}

  static Filters parse(String json) {
    if (json == null || json.isBlank()) {
      return Filters.none();
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid();
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return Filters.none();
    }
    if (!root.isObject()) {
      throw invalid();
    }
    Map<String, Set<String>> values = new LinkedHashMap<>();
    for (var field : root.properties()) {
      values.put(field.getKey(), valuesOf(field.getValue()));
    }
    return new Filters(values);
  }

  private static Set<String> valuesOf(JsonNode node) {
    var out = new LinkedHashSet<String>();
    if (node.isNull()) {
      return out;
    }
    if (node.isObject()) {
      for (var e : node.properties()) {
        if (!e.getValue().isBoolean()) {
          throw invalid();
        }
        if (e.getValue().booleanValue()) {
          out.add(e.getKey());
        }
      }
      return out;
    }
    if (node.isArray()) {
      for (var v : node) {
        if (!v.isTextual()) {
          throw invalid();
        }
        out.add(v.textValue());
      }
      return out;
    }
    throw invalid();
  }

  private static InvalidArgument invalid() {
    return new InvalidArgument("invalid filter");
  }
}
