package dev.berth.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.model.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny token server for docker-registry's {@code auth: token} mode: Basic credentials
 * {@code user/password} (or the refresh token it issued) get the actions they ask for, anonymous
 * callers get none. Tokens are RS256 JWTs carrying their certificate ({@code x5c}), which the
 * registry checks against {@link #authYaml}'s root bundle.
 */
public final class TokenServer implements AutoCloseable {
  public static final String SERVICE = "berth-test-registry";
  public static final String ISSUER = "berth-test-issuer";

  private final HttpServer server;
  private final TestCerts.Issued signer;
  private final String user;
  private final String password;
  public final AtomicInteger requests = new AtomicInteger();

  public TokenServer(String user, String password) throws Exception {
    this.user = user;
    this.password = password;
    this.signer = TestCerts.ca("token-signer");
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/token", this::handle);
    server.start();
  }

  public String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  public String authYaml(Path dir) throws Exception {
    var bundle = dir.resolve("token-root.pem");
    Files.writeString(bundle, signer.certPem());
    return """
        auth:
          token:
            realm: %s
            service: %s
            issuer: %s
            rootcertbundle: %s
        """.formatted(realm(), SERVICE, ISSUER, bundle);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    var params = new LinkedHashMap<String, List<String>>();
    parse(exchange.getRequestURI().getRawQuery(), params);
    if (exchange.getRequestMethod().equals("POST")) {
      parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), params);
    }
    String subject = null;
    var header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.startsWith("Basic ")) {
      var pair = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
      if (!pair.equals(user + ":" + password)) {
        reply(exchange, 401, Map.of("errors", List.of(Map.of("code", "UNAUTHORIZED", "message", "invalid username or password"))));
        return;
      }
      subject = user;
    }
    if ("refresh_token".equals(first(params, "grant_type"))) {
      if (!("refresh-" + user).equals(first(params, "refresh_token"))) {
        reply(exchange, 401, Map.of("errors", List.of(Map.of("code", "UNAUTHORIZED", "message", "invalid refresh token"))));
        return;
      }
      subject = user;
    }
    var scopes = new ArrayList<String>();
    for (var scope : params.getOrDefault("scope", List.of())) {
      scopes.addAll(List.of(scope.split(" ")));
    }
    var body = new LinkedHashMap<String, Object>();
    var token = token(subject, subject == null ? List.of() : scopes);
    body.put("token", token);
    body.put("access_token", token);
    body.put("expires_in", 300);
    if (subject != null && "true".equals(first(params, "offline_token"))) {
      body.put("refresh_token", "refresh-" + user);
    }
    reply(exchange, 200, body);
  }

  private String token(String subject, List<String> scopes) {
    try {
      var access = new ArrayList<Map<String, Object>>();
      for (var scope : scopes) {
        var parts = scope.split(":");
        if (parts.length == 3) {
          access.add(Map.of("type", parts[0], "name", parts[1], "actions", List.of(parts[2].split(","))));
        }
      }
      long now = Instant.now().getEpochSecond();
      var header = Map.of("typ", "JWT", "alg", "RS256", "x5c", List.of(Base64.getEncoder().encodeToString(signer.cert().getEncoded())));
      var claims = new LinkedHashMap<String, Object>();
      claims.put("iss", ISSUER);
      claims.put("sub", subject == null ? "" : subject);
      claims.put("aud", SERVICE);
      claims.put("exp", now + 300);
      claims.put("nbf", now - 10);
      claims.put("iat", now);
      claims.put("jti", Long.toHexString(System.nanoTime()));
      claims.put("access", access);
      var url = Base64.getUrlEncoder().withoutPadding();
      var signingInput = url.encodeToString(Json.mapper().writeValueAsBytes(header)) + "."
          + url.encodeToString(Json.mapper().writeValueAsBytes(claims));
      var signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(signer.keys().getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + url.encodeToString(signature.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void parse(String query, Map<String, List<String>> into) {
    if (query == null || query.isEmpty()) {
      return;
    }
    for (var pair : query.split("&")) {
      int eq = pair.indexOf('=');
      var key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      var value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      into.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
  }

  private static String first(Map<String, List<String>> params, String key) {
    var values = params.get(key);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
    var bytes = Json.mapper().writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
