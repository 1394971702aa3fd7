package dev.berth.engine.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.model.Json;
import java.io.IOException;
import java.util.Locale;

/**
 * A registry answered with an error. {@link #getMessage()} reads as dockerd prints a registry error
 * ({@code manifest unknown: manifest unknown}, {@code unauthorized: authentication required}).
 * Callers translate it to an engine error with the operation's wording.
 *
 * @see <a href="https://github.com/distribution/distribution/blob/main/docs/spec/api.md#errors">errors</a>
 */
final class RegistryError extends RuntimeException {
  private final int status;
  private final String code;
  private final boolean errcode;

  private RegistryError(int status, String code, String message, boolean errcode) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.errcode = errcode;
  }

  int status() {
    return status;
  }

  /** The first error code the registry sent ({@code MANIFEST_UNKNOWN}), or "" when it sent none. */
  String code() {
    return code;
  }

  /**
   * Whether this is an error the registry stated (an errors body, a {@code details} body, or a bare
   * 401): the distribution client's {@code errcode.Error}, as opposed to an
   * {@code UnexpectedHTTPResponseError}/{@code UnexpectedHTTPStatusError} for a bare status.
   */
  boolean errcode() {
    return errcode;
  }

  /** Reads the distribution error body; falls back to Go's wording for a bare status. */
  static RegistryError from(int status, byte[] body) {
    try {
      JsonNode root = Json.mapper().readTree(body);
      var first = root == null ? null : root.path("errors").path(0);
      if (first != null && first.has("code")) {
        var code = first.path("code").asText();
        var message = first.path("message").asText("");
        return new RegistryError(status, code, describe(code) + (message.isEmpty() ? "" : ": " + message), true);
      }
      if (root != null && root.has("details")) {
        return new RegistryError(status, "", root.path("details").asText(), true);
      }
    } catch (IOException | RuntimeException e) {
      // not a distribution error body: fall through
    }
    return switch (status) {
      case 401 -> new RegistryError(status, "UNAUTHORIZED", "unauthorized: authentication required", true);
      case 403 -> new RegistryError(status, "DENIED", "denied: requested access to the resource is denied", false);
      case 404 -> new RegistryError(status, "NOT_FOUND", "not found", false);
      case 429 -> new RegistryError(status, "TOOMANYREQUESTS", "toomanyrequests: too many requests", false);
      default -> new RegistryError(status, "", "received unexpected HTTP status: " + status + " " + StatusText.of(status),
          false);
    };
  }

  /** errcode's ErrorCode.Error(): {@code MANIFEST_UNKNOWN} → {@code manifest unknown}. */
  private static String describe(String code) {
    return code.toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
