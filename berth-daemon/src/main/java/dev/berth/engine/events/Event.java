package dev.berth.engine.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * One event as {@code GET /events} sends it (moby {@code events.Message}). {@code status}, {@code id}
 * and {@code from} are the deprecated fields Compose v1 still reads; they are set for container and
 * image events only and left out otherwise.
 */
@JsonPropertyOrder({"status", "id", "from", "Type", "Action", "Actor", "scope", "time", "timeNano"})
public record Event(
    @JsonProperty("status") @JsonInclude(JsonInclude.Include.NON_EMPTY) String status,
    @JsonProperty("id") @JsonInclude(JsonInclude.Include.NON_EMPTY) String id,
    @JsonProperty("from") @JsonInclude(JsonInclude.Include.NON_EMPTY) String from,
    @JsonProperty("Type") String type,
    @JsonProperty("Action") String action,
    @JsonProperty("Actor") Actor actor,
    @JsonProperty("scope") String scope,
    @JsonProperty("time") long time,
    @JsonProperty("timeNano") long timeNano) {

  /** @param attributes never null; container events carry name, image and every label */
  public record Actor(@JsonProperty("ID") String id, @JsonProperty("Attributes") Map<String, String> attributes) {
    public Actor {
      attributes = Map.copyOf(attributes);
    }
  }

  /** A local-scope event stamped {@code nowNanos} (unix nanoseconds), with moby's legacy fields. */
  public static Event local(String type, String action, Actor actor, long nowNanos) {
    boolean legacy = type.equals("container") || type.equals("image");
    var from = type.equals("container") ? actor.attributes().get("image") : null;
    return new Event(legacy ? action : null, legacy ? actor.id() : null, from, type, action, actor, "local",
        Math.floorDiv(nowNanos, 1_000_000_000L), nowNanos);
  }
}
