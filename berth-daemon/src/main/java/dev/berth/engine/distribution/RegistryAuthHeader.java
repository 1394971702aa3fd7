package dev.berth.engine.distribution;

import dev.berth.model.Json;
import java.io.IOException;
import java.util.Base64;

/**
 * Decodes the {@code X-Registry-Auth} header: base64url JSON {@link AuthConfig}, padded or not
 * ({@code e30=} is {@code {}}). As dockerd does for pulls and pushes, a header that does not decode
 * counts as no credentials rather than an error.
 */
public final class RegistryAuthHeader {
  private RegistryAuthHeader() {}

  public static AuthConfig decode(String header) {
    if (header == null || header.isBlank()) {
      return AuthConfig.NONE;
    }
    var text = header.trim();
    byte[] json;
    try {
      json = Base64.getUrlDecoder().decode(stripPadding(text));
    } catch (IllegalArgumentException e) {
      try {
        json = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e2) {
        return AuthConfig.NONE;
      }
    }
    try {
      var config = Json.mapper().readValue(json, AuthConfig.class);
      return config == null ? AuthConfig.NONE : config;
    } catch (IOException e) {
      return AuthConfig.NONE;
    }
  }

  private static String stripPadding(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    return s.substring(0, end);
  }
}
