package dev.berth.engine.distribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code WWW-Authenticate} challenge ({@code Bearer realm="…",service="…",scope="…"} or
 * {@code Basic realm="…"}); the scheme is lower-cased, parameter names too.
 */
record AuthChallenge(String scheme, Map<String, String> params) {
  AuthChallenge {
    scheme = scheme.toLowerCase(Locale.ROOT);
    params = Map.copyOf(params);
  }

  String param(String name) {
    return params.get(name);
  }

  /** Parses every challenge in the given header values (RFC 7235, quoted strings with escapes). */
  static List<AuthChallenge> parse(List<String> headers) {
    var out = new ArrayList<AuthChallenge>();
    for (var header : headers) {
      parseOne(header, out);
    }
    return out;
  }

  private static void parseOne(String header, List<AuthChallenge> out) {
    int i = 0;
    int n = header.length();
    String scheme = null;
    var params = new LinkedHashMap<String, String>();
    while (i < n) {
      i = skip(header, i);
      int start = i;
      while (i < n && isToken(header.charAt(i))) {
        i++;
      }
      if (i == start) {
        i++;
        continue;
      }
      var word = header.substring(start, i);
      int afterWord = skip(header, i);
      if (afterWord < n && header.charAt(afterWord) == '=' && scheme != null) {
        i = skip(header, afterWord + 1);
        var value = new StringBuilder();
        if (i < n && header.charAt(i) == '"') {
          i++;
          while (i < n && header.charAt(i) != '"') {
            if (header.charAt(i) == '\\' && i + 1 < n) {
              i++;
            }
            value.append(header.charAt(i++));
          }
          i++;
        } else {
          while (i < n && header.charAt(i) != ',' && !Character.isWhitespace(header.charAt(i))) {
            value.append(header.charAt(i++));
          }
        }
        params.put(word.toLowerCase(Locale.ROOT), value.toString());
      } else {
        if (scheme != null) {
          out.add(new AuthChallenge(scheme, params));
          params.clear();
        }
        scheme = word;
      }
    }
    if (scheme != null) {
      out.add(new AuthChallenge(scheme, params));
    }
  }

  private static int skip(String s, int i) {
    while (i < s.length() && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == ',')) {
      i++;
    }
    return i;
  }

  private static boolean isToken(char c) {
    return c > ' ' && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }
}
