package dev.berth.engine.distribution;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Credentials for one registry as the Engine API carries them (the {@code AuthConfig} of
 * {@code POST /auth} and of the base64url {@code X-Registry-Auth} header). {@code auth} is
 * base64({@code user:password}) and stands in for username and password when those are empty.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuthConfig(
    @JsonProperty("username") String username,
    @JsonProperty("password") String password,
    @JsonProperty("auth") String auth,
    @JsonProperty("email") String email,
    @JsonProperty("serveraddress") String serverAddress,
    @JsonProperty("identitytoken") String identityToken,
    @JsonProperty("registrytoken") String registryToken) {

  public static final AuthConfig NONE = new AuthConfig(null, null, null, null, null, null, null);

  public AuthConfig {
    username = blankToNull(username);
    password = blankToNull(password);
    auth = blankToNull(auth);
    identityToken = blankToNull(identityToken);
    registryToken = blankToNull(registryToken);
    if (username == null && password == null && auth != null) {
      var decoded = decodeAuth(auth);
      int colon = decoded.indexOf(':');
      if (colon > 0) {
        username = decoded.substring(0, colon);
        password = decoded.substring(colon + 1);
      }
    }
  }

  private static String decodeAuth(String auth) {
    try {
      return new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** Whether a username and password are present (identity tokens aside). */
  boolean hasPassword() {
    return username != null && password != null;
  }

  /** The {@code Authorization: Basic …} value for these credentials. */
  String basic() {
    var pair = (username == null ? "" : username) + ":" + (password == null ? "" : password);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "AuthConfig[username=" + username + ", serverAddress=" + serverAddress + "]";
  }
}
