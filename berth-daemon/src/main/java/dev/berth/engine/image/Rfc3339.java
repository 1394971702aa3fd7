package dev.berth.engine.image;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Go's time formats as dockerd writes them. */
final class Rfc3339 {
  static final String ZERO = "0001-01-01T00:00:00Z";

  private Rfc3339() {}

  /** Go's RFC3339Nano: UTC, fraction without trailing zeros. */
  static String nano(Instant t) {
    if (t == null) {
      return ZERO;
    }
    var s = t.toString();
    int dot = s.indexOf('.');
    if (dot < 0) {
      return s;
    }
    var frac = s.substring(dot + 1, s.length() - 1).replaceAll("0+$", "");
    return s.substring(0, dot) + (frac.isEmpty() ? "" : "." + frac) + "Z";
  }

  /** Parses an image config's {@code created}; null when absent or malformed. */
  static Instant parse(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
