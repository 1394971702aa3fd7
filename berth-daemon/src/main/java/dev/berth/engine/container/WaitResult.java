package dev.berth.engine.container;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body {@code wait} sends when its condition is met: {@code {"Error":null,"StatusCode":0}}. */
public record WaitResult(@JsonProperty("Error") WaitError error, @JsonProperty("StatusCode") long statusCode) {
  public record WaitError(@JsonProperty("Message") String message) {}

  public static WaitResult exited(int code) {
    return new WaitResult(null, code);
  }
}
