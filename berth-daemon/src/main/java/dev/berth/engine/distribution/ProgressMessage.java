package dev.berth.engine.distribution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One line of a pull or push stream, in moby's jsonmessage shape: {@code status}, optional
 * {@code progressDetail} ({@code {}} when present but empty), {@code progress} (the text bar),
 * {@code id} (layer short id or tag) and {@code aux}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"status", "progressDetail", "progress", "id", "aux"})
public record ProgressMessage(String status, Detail progressDetail, String progress, String id, Object aux) {
  static final Detail EMPTY = new Detail(null, null);

  /** {@code {"status":…}}, or with {@code id} when it is not null. */
  static ProgressMessage status(String status, String id) {
    return new ProgressMessage(status, null, null, id, null);
  }

  /** A per-layer step ({@code Pulling fs layer}, {@code Pull complete}, …) with an empty detail. */
  static ProgressMessage step(String status, String id) {
    return new ProgressMessage(status, EMPTY, null, id, null);
  }

  static ProgressMessage progress(String status, String id, long current, long total) {
    return new ProgressMessage(status, new Detail(current, total > 0 ? total : null), ProgressBar.render(current, total), id, null);
  }

  static ProgressMessage aux(Object aux) {
    return new ProgressMessage(null, EMPTY, null, null, aux);
  }

  /** {@code progressDetail}: bytes done and total; both absent renders as {@code {}}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Detail(Long current, Long total) {}
}
