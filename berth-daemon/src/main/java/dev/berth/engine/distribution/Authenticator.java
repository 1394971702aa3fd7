package dev.berth.engine.distribution;

import dev.berth.content.Digest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.error.SystemError;
import dev.berth.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers a registry's challenges for one session: Basic with the user's credentials, Bearer with a
 * token from the challenge's realm (cached per scope, refreshed when near expiry or refused), using
 * the identity token (OAuth2 refresh-token grant) when the user has one. Not thread-safe per
 * instance except {@link #authorization}, which may race harmlessly (two fetches, one cached).
 */
final class Authenticator {
  static final String CLIENT_ID = "docker";

  private final AuthConfig credentials;
  private final TokenCache tokens;
  private final HttpClient client;
  private volatile List<AuthChallenge> challenges = List.of();
  private volatile List<String> scopes;
  /** The refresh token a login obtained; becomes the IdentityToken of {@code POST /auth}. */
  private volatile String refreshToken;

  Authenticator(AuthConfig credentials, TokenCache tokens, HttpClient client, List<String> scopes) {
    this.credentials = credentials;
    this.tokens = tokens;
    this.client = client;
    this.scopes = List.copyOf(scopes);
  }

  void challenges(List<AuthChallenge> found) {
    challenges = List.copyOf(found);
  }

  boolean challenged() {
    return !challenges.isEmpty();
  }

  void scopes(List<String> newScopes) {
    scopes = List.copyOf(newScopes);
  }

  String refreshToken() {
    return refreshToken;
  }

  /**
   * The Authorization header value for a request to {@code target}, if the registry asked for one.
   *
   * @param fresh ignore a cached token (the registry just refused it)
   * @throws SystemError {@code no basic auth credentials} when Basic is asked and none were given
   */
  Optional<String> authorization(String method, URI target, boolean fresh) throws IOException {
    for (var challenge : challenges) {
      if (challenge.scheme().equals("bearer") && challenge.param("realm") != null) {
        return Optional.of("Bearer " + token(challenge, fresh, false));
      }
    }
    for (var challenge : challenges) {
      if (challenge.scheme().equals("basic")) {
        if (!credentials.hasPassword()) {
          throw new SystemError(TransportErrors.urlError(method, target, "no basic auth credentials"));
        }
        return Optional.of(credentials.basic());
      }
    }
    return Optional.empty();
  }

  private String token(AuthChallenge challenge, boolean fresh, boolean offline) throws IOException {
    var service = challenge.param("service") == null ? "" : challenge.param("service");
    var key = new TokenCache.Key(challenge.param("realm"), service, String.join(" ", scopes), principal());
    var lock = tokens.fetchLock(key);
    lock.lock();
    try {
      return cachedOrFetched(challenge, service, key, fresh, offline);
    } finally {
      lock.unlock();
    }
  }

  private String cachedOrFetched(AuthChallenge challenge, String service, TokenCache.Key key, boolean fresh, boolean offline)
      throws IOException {
    if (!fresh) {
      var cached = tokens.get(key);
      if (cached.isPresent()) {
        return cached.get();
      }
    }
    var response = credentials.identityToken() != null ? refreshGrant(challenge, service) : basicFetch(challenge, service, offline);
    var token = response.path("token").asText(response.path("access_token").asText(""));
    if (token.isEmpty()) {
      throw new SystemError("authorization server did not include a token in the response");
    }
    if (response.hasNonNull("refresh_token")) {
      refreshToken = response.path("refresh_token").asText();
    }
    var expires = response.path("expires_in").asLong(0);
    tokens.put(key, token, expires > 0 ? Duration.ofSeconds(expires) : null);
    return token;
  }

  /** For {@code docker login}: fetch a token asking for a refresh token, without a repository scope. */
  void loginToken() throws IOException {
    for (var challenge : challenges) {
      if (challenge.scheme().equals("bearer") && challenge.param("realm") != null) {
        token(challenge, true, true);
        return;
      }
    }
  }

  private JsonNode basicFetch(AuthChallenge challenge, String service, boolean offline) throws IOException {
    var query = new ArrayList<String>();
    if (!service.isEmpty()) {
      query.add("service=" + enc(service));
    }
    for (var scope : scopes) {
      query.add("scope=" + enc(scope));
    }
    if (offline && credentials.hasPassword()) {
      query.add("offline_token=true");
      query.add("client_id=" + CLIENT_ID);
    }
    var realm = URI.create(challenge.param("realm"));
    var uri = URI.create(realm + (query.isEmpty() ? "" : (realm.getQuery() == null ? "?" : "&") + String.join("&", query)));
    var request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(60));
    if (credentials.hasPassword()) {
      request.header("Authorization", credentials.basic());
    }
    return send("GET", uri, request.build());
  }

  private JsonNode refreshGrant(AuthChallenge challenge, String service) throws IOException {
    var form = new ArrayList<String>();
    form.add("grant_type=refresh_token");
    form.add("refresh_token=" + enc(credentials.identityToken()));
    form.add("service=" + enc(service));
    form.add("client_id=" + CLIENT_ID);
    if (!scopes.isEmpty()) {
      form.add("scope=" + enc(String.join(" ", scopes)));
    }
    var uri = URI.create(challenge.param("realm"));
    var request = HttpRequest.newBuilder(uri)
        .POST(HttpRequest.BodyPublishers.ofString(String.join("&", form)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .timeout(Duration.ofSeconds(60))
        .build();
    return send("POST", uri, request);
  }

  private JsonNode send(String method, URI uri, HttpRequest request) throws IOException {
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IOException e) {
      throw TransportErrors.of(method, uri, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw RegistryError.from(response.statusCode(), response.body());
    }
    try {
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new SystemError("unable to decode token response: " + e.getMessage(), e);
    }
  }

  private String principal() {
    if (credentials.identityToken() != null) {
      return "identity:" + dev.berth.content.Digest.of(credentials.identityToken().getBytes(StandardCharsets.UTF_8));
    }
    return credentials.hasPassword()
        ? "user:" + credentials.username() + ":" + dev.berth.content.Digest.of(credentials.password().getBytes(StandardCharsets.UTF_8))
        : "";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
