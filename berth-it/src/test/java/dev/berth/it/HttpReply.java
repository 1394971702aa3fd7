package dev.berth.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP response as read off the wire.
 *
 * @param headers names in lower case, values in order of arrival
 */
public record HttpReply(int status, String reason, Map<String, List<String>> headers, byte[] body) {
  /** The first value of header {@code name} (any case), or null. */
  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.getFirst();
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public JsonNode json() {
    try {
      return Docker.JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("body is not JSON: " + this, e);
    }
  }

  /** The {@code message} of a Docker error body ({@code {"message":"…"}}). */
  public String message() {
    JsonNode m = json().get("message");
    if (m == null || !m.isTextual()) {
      throw new AssertionError("no \"message\" in " + this);
    }
    return m.asText();
  }

  @Override
  public String toString() {
    return status + " " + reason + " " + headers + "\n" + text();
  }
}
