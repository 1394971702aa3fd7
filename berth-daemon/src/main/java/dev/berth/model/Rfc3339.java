package dev.berth.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Go's {@code time.RFC3339Nano} in UTC (trailing zeros of the fraction dropped), as dockerd's JSON shows times. */
public final class Rfc3339 {
  /** Go's zero time, which dockerd shows for a time never set. */
  public static final String ZERO = "0001-01-01T00:00:00Z";
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private Rfc3339() {}

  /** {@code t} as Go writes it; {@link #ZERO} for null. */
  public static String format(Instant t) {
    if (t == null) return ZERO;
    var s = new StringBuilder(SECONDS.format(t));
    int nanos = t.getNano();
    if (nanos != 0) {
      var frac = String.format("%09d", nanos);
      int end = frac.length();
      while (frac.charAt(end - 1) == '0') end--;
      s.append('.').append(frac, 0, end);
    }
    return s.append('Z').toString();
  }

  /** Parses an RFC 3339 time (any offset); null when absent or malformed. {@link #ZERO} reads as year 1. */
  public static Instant parse(String s) {
    if (s == null || s.isEmpty()) return null;
    try {
      return Instant.parse(s);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** As {@link #parse}, but a time never set ({@link #ZERO}) reads as null. */
  public static Instant parseSet(String s) {
    return ZERO.equals(s) ? null : parse(s);
  }
}
