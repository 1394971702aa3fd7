package dev.berth.engine.distribution;

import dev.berth.engine.error.EngineException;
import dev.berth.engine.error.SystemError;
import dev.berth.engine.error.Unauthorized;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Opens authenticated sessions with registries: pings {@code /v2/} on each endpoint of the host in
 * turn (HTTPS before HTTP for insecure registries) and keeps the first that answers, with the
 * challenge it sent. Thread-safe; one per daemon.
 */
final class RegistryClient {
  /**
   * moby distribution {@code newRepository}: its {@code /v2/} ping client gives up after 15 s. It
   * matters when a TLS probe meets a plain-HTTP server that never answers the handshake.
   */
  static final Duration PING_TIMEOUT = Duration.ofSeconds(15);

  private final RegistryHosts hosts;
  private final TokenCache tokens;
  /** The endpoint that answered last per host, tried first next time (saves a failing TLS probe). */
  private final java.util.concurrent.ConcurrentHashMap<String, Endpoint> working = new java.util.concurrent.ConcurrentHashMap<>();

  RegistryClient(RegistryHosts hosts, TokenCache tokens) {
    this.hosts = hosts;
    this.tokens = tokens;
  }

  RegistryHosts hosts() {
    return hosts;
  }

  /**
   * @param host registry host as in the image name ({@code 127.0.0.1:5000}, {@code docker.io})
   * @param repository path inside it ({@code library/busybox}); scopes name it
   * @param scopes token scopes such as {@code repository:library/busybox:pull}
   */
  RegistrySession open(String host, String repository, AuthConfig credentials, List<String> scopes) throws IOException {
    EngineException last = null;
    var endpoints = new java.util.ArrayList<>(hosts.endpoints(host));
    var known = working.get(host);
    if (known != null && endpoints.remove(known)) {
      endpoints.addFirst(known);
    }
    for (var endpoint : endpoints) {
      try {
        return open(endpoint, host, repository, credentials, scopes);
      } catch (SystemError e) {
        last = e;
      }
    }
    throw last != null ? last : new SystemError("no endpoint for registry " + host);
  }

  /**
   * The endpoints of {@code host} in the order a pull tries them: mirrors first (for Docker Hub, in
   * their configured order), then the registry's own, the one that answered last first (saves a
   * TLS probe, which a plain-HTTP server may leave unanswered until it times out).
   */
  List<Endpoint> endpoints(String host) {
    var endpoints = new java.util.ArrayList<>(hosts.endpoints(host));
    var known = working.get(host);
    if (known != null && !known.mirror() && endpoints.remove(known)) {
      endpoints.add((int) endpoints.stream().filter(Endpoint::mirror).count(), known);
    }
    return endpoints;
  }

  /** A session with {@code endpoint} (one of {@link #endpoints}), after a {@code /v2/} ping; SystemError when unreachable. */
  RegistrySession open(Endpoint endpoint, String host, String repository, AuthConfig credentials, List<String> scopes)
      throws IOException {
    var auth = new Authenticator(credentials, tokens, endpoint.client(), scopes);
    try {
      ping(endpoint, auth);
    } catch (SystemError e) {
      working.remove(host, endpoint);
      throw e;
    }
    working.put(host, endpoint);
    return new RegistrySession(endpoint, repository, auth);
  }

  static List<String> pullScope(String repository) {
    return List.of("repository:" + repository + ":pull");
  }

  static List<String> pushScope(String repository) {
    return List.of("repository:" + repository + ":pull,push");
  }

  private void ping(Endpoint endpoint, Authenticator auth) throws IOException {
    var uri = endpoint.resolve("/v2/");
    var request = HttpRequest.newBuilder(uri).GET().timeout(PING_TIMEOUT).build();
    HttpResponse<Void> response;
    try {
      response = endpoint.client().send(request, HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    } catch (IOException e) {
      throw TransportErrors.of("GET", uri, e);
    }
    if (response.statusCode() == 401) {
      auth.challenges(AuthChallenge.parse(response.headers().allValues("WWW-Authenticate")));
    }
  }

  /**
   * Checks credentials the way {@code docker login} does: {@code GET /v2/} with them must answer 200.
   *
   * @return the identity token (a refresh token) when the token server issued one, else ""
   */
  String login(String host, AuthConfig credentials) throws IOException {
    var session = open(host, "", credentials, List.of());
    var auth = session.authenticator();
    if (!auth.challenged()) {
      return "";
    }
    var uri = session.uri("/v2/");
    HttpResponse<Void> response;
    try {
      if (credentials.identityToken() == null) {
        auth.loginToken();
      }
      response = session.exchange("GET", uri, b -> {}, null, HttpResponse.BodyHandlers.discarding());
    } catch (RegistryError e) {
      // moby translateV2AuthError: a refused token request is the user's credentials, a 401
      if (e.status() == 401 || e.code().equals("UNAUTHORIZED")) {
        throw new Unauthorized(TransportErrors.urlError("GET", uri, e.getMessage()), e);
      }
      throw e;
    }
    if (response.statusCode() != 200) {
      throw new SystemError("login attempt to " + uri + " failed with status: " + response.statusCode() + " "
          + StatusText.of(response.statusCode()));
    }
    return auth.refreshToken() == null ? "" : auth.refreshToken();
  }
}
