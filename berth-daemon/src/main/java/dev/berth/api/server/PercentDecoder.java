package dev.berth.api.server;

import dev.berth.engine.error.InvalidArgument;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Percent-decoding of one path segment ({@code +} stays a plus, unlike in query strings). */
final class PercentDecoder {
  private PercentDecoder() {}

  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    var out = new StringBuilder(s.length());
    var bytes = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '%') {
        flush(bytes, out);
        out.append(c);
        continue;
      }
      if (i + 2 >= s.length()) {
        throw new InvalidArgument("invalid URL escape \"" + s.substring(i) + "\"");
      }
      int hi = Character.digit(s.charAt(i + 1), 16);
      int lo = Character.digit(s.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        throw new InvalidArgument("invalid URL escape \"" + s.substring(i, i + 3) + "\"");
      }
      bytes.write(hi << 4 | lo);
      i += 2;
    }
    flush(bytes, out);
    return out.toString();
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() > 0) {
      out.append(bytes.toString(StandardCharsets.UTF_8));
      bytes.reset();
    }
  }
}
