package dev.berth.engine.distribution;

import dev.berth.content.Digest;
import dev.berth.content.Descriptor;
import dev.berth.content.MediaTypes;
import dev.berth.engine.error.SystemError;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Requests against one repository of one registry, authenticated as the session's user. Made by
 * {@link RegistryClient#open}; usable from several threads at once (parallel layer downloads).
 */
final class RegistrySession {
  /** dockerd refuses manifests larger than this (distribution's maxManifestBodySize). */
  static final int MAX_MANIFEST = 4 << 20;
  /** The manifest types dockerd accepts, in its order of preference. */
  static final String ACCEPT = String.join(", ", MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST,
      MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX);
  private static final Duration SMALL_TIMEOUT = Duration.ofSeconds(60);

  private final Endpoint endpoint;
  private final String repository;
  private final Authenticator auth;

  RegistrySession(Endpoint endpoint, String repository, Authenticator auth) {
    this.endpoint = endpoint;
    this.repository = repository;
    this.auth = auth;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  String repository() {
    return repository;
  }

  Authenticator authenticator() {
    return auth;
  }

  /** A manifest's bytes and the type the registry gave, by tag or digest. */
  record Fetched(byte[] body, String contentType, String digestHeader) {}

  Fetched manifest(String reference) throws IOException {
    var uri = uri("/v2/" + repository + "/manifests/" + reference);
    var response = exchange("GET", uri, b -> b.header("Accept", ACCEPT), null, BodyHandlers.ofInputStream());
    try (var body = response.body()) {
      if (response.statusCode() != 200) {
        throw RegistryError.from(response.statusCode(), body.readNBytes(64 << 10));
      }
      var bytes = body.readNBytes(MAX_MANIFEST + 1);
      if (bytes.length > MAX_MANIFEST) {
        throw new SystemError("manifest too big: exceeds " + MAX_MANIFEST + " bytes");
      }
      return new Fetched(bytes, response.headers().firstValue("Content-Type").orElse(null),
          response.headers().firstValue("Docker-Content-Digest").orElse(null));
    }
  }

  /**
   * The descriptor of a manifest by tag or digest ({@code HEAD}), empty when the registry does not
   * have it. The digest is the registry's {@code Docker-Content-Digest}.
   */
  java.util.Optional<Descriptor> headManifest(String reference) throws IOException {
    var uri = uri("/v2/" + repository + "/manifests/" + reference);
    var response = exchange("HEAD", uri, b -> b.header("Accept", ACCEPT), null, BodyHandlers.discarding());
    if (response.statusCode() == 404) {
      return java.util.Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw RegistryError.from(response.statusCode(), new byte[0]);
    }
    var digest = response.headers().firstValue("Docker-Content-Digest")
        .filter(d -> d.startsWith(Digest.SHA256 + ":") && Digest.isHex64(d.substring(7)));
    if (digest.isEmpty()) {
      return java.util.Optional.empty();
    }
    var type = response.headers().firstValue("Content-Type").orElse(null);
    return java.util.Optional.of(Descriptor.of(type, Digest.parse(digest.get()), response.headers().firstValueAsLong("Content-Length").orElse(0)));
  }

  /** {@code PUT} a manifest under a tag or digest; returns the digest the registry computed. */
  String putManifest(String reference, String mediaType, byte[] body) throws IOException {
    var uri = uri("/v2/" + repository + "/manifests/" + reference);
    var response = exchange("PUT", uri, b -> b.header("Content-Type", mediaType), () -> BodyPublishers.ofByteArray(body), BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      throw RegistryError.from(response.statusCode(), response.body());
    }
    return response.headers().firstValue("Docker-Content-Digest").orElse(Digest.of(body).toString());
  }

  /** The size of a blob when the repository has it. */
  java.util.OptionalLong blobSize(String digest) throws IOException {
    var uri = uri("/v2/" + repository + "/blobs/" + digest);
    var response = exchange("HEAD", uri, b -> {}, null, BodyHandlers.discarding());
    return switch (response.statusCode()) {
      case 200 -> java.util.OptionalLong.of(response.headers().firstValueAsLong("Content-Length").orElse(-1));
      case 404 -> java.util.OptionalLong.empty();
      default -> throw RegistryError.from(response.statusCode(), new byte[0]);
    };
  }

  /**
   * Opens a blob for reading, following redirects (storage backends redirect to signed URLs; the
   * Authorization header is not sent to another host). The caller closes the stream and verifies
   * the digest.
   */
  Download blob(String digest) throws IOException {
    return blob(digest, 0);
  }

  /**
   * The blob from byte {@code offset} on ({@code Range: bytes=offset-}); the answer says where it
   * really starts: {@code offset} when the registry sent 206 for it, else 0 (the whole blob).
   */
  Download blob(String digest, long offset) throws IOException {
    var uri = uri("/v2/" + repository + "/blobs/" + digest);
    java.util.function.Consumer<HttpRequest.Builder> range = offset > 0 ? b -> b.header("Range", "bytes=" + offset + "-") : b -> {};
    var response = exchange("GET", uri, range, null, BodyHandlers.ofInputStream());
    for (int hops = 0; isRedirect(response.statusCode()); hops++) {
      response.body().close();
      var location = response.headers().firstValue("Location").orElseThrow(() -> new SystemError("redirect without Location from " + uri));
      var target = response.uri().resolve(location);
      if (hops == 10) {
        throw new SystemError(TransportErrors.urlError("GET", target, "stopped after 10 redirects"));
      }
      if (sameOrigin(target, uri)) {
        response = exchange("GET", target, range, null, BodyHandlers.ofInputStream());
      } else {
        var plain = HttpRequest.newBuilder(target).GET();
        range.accept(plain);
        response = sendPlain(plain.build(), target);
      }
    }
    if (response.statusCode() == 206 && offset > 0
        && response.headers().firstValue("Content-Range").orElse("").startsWith("bytes " + offset + "-")) {
      return new Download(response.body(), response.headers().firstValueAsLong("Content-Length").orElse(-1), offset);
    }
    if (response.statusCode() != 200) {
      try (var body = response.body()) {
        throw RegistryError.from(response.statusCode(), body.readNBytes(64 << 10));
      }
    }
    return new Download(response.body(), response.headers().firstValueAsLong("Content-Length").orElse(-1), 0);
  }

  /**
   * An open blob body starting at byte {@code offset}; {@code length} (of this body) is -1 when the
   * registry did not say.
   */
  record Download(InputStream stream, long length, long offset) {}

  /** Tags of the repository ({@code GET /v2/<name>/tags/list}), in the registry's order. */
  List<String> tags() throws IOException {
    var uri = uri("/v2/" + repository + "/tags/list");
    var response = exchange("GET", uri, b -> b.header("Accept", "application/json"), null, BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw RegistryError.from(response.statusCode(), response.body());
    }
    var root = dev.berth.model.Json.mapper().readTree(response.body());
    var out = new java.util.ArrayList<String>();
    root.path("tags").forEach(t -> out.add(t.asText()));
    return out;
  }

  URI uri(String path) {
    return endpoint.resolve(path);
  }

  /**
   * Sends one request with the session's authorization. On a 401 the challenge is re-read and the
   * request is sent once more with a fresh token when its body can be made again.
   *
   * @param body makes the request body afresh, or null for none
   */
  <T> HttpResponse<T> exchange(String method, URI uri, java.util.function.Consumer<HttpRequest.Builder> headers,
      Supplier<BodyPublisher> body, BodyHandler<T> handler) throws IOException {
    var response = sendOnce(method, uri, headers, body, handler, false);
    if (response.statusCode() == 401) {
      var fresh = AuthChallenge.parse(response.headers().allValues("WWW-Authenticate"));
      if (!fresh.isEmpty()) {
        closeQuietly(response);
        auth.challenges(fresh);
        response = sendOnce(method, uri, headers, body, handler, true);
      }
    }
    return response;
  }

  private <T> HttpResponse<T> sendOnce(String method, URI uri, java.util.function.Consumer<HttpRequest.Builder> headers,
      Supplier<BodyPublisher> body, BodyHandler<T> handler, boolean fresh) throws IOException {
    var builder = HttpRequest.newBuilder(uri).method(method, body == null ? BodyPublishers.noBody() : body.get());
    if (!method.equals("PATCH") && !(method.equals("PUT") && uri.getPath().contains("/blobs/"))) {
      builder.timeout(SMALL_TIMEOUT);
    }
    headers.accept(builder);
    auth.authorization(method, uri, fresh).ifPresent(value -> builder.header("Authorization", value));
    return send(builder.build(), method, uri, handler);
  }

  private HttpResponse<InputStream> sendPlain(HttpRequest request, URI uri) throws IOException {
    return send(request, "GET", uri, BodyHandlers.ofInputStream());
  }

  private <T> HttpResponse<T> send(HttpRequest request, String method, URI uri, BodyHandler<T> handler) throws IOException {
    try {
      return endpoint.client().send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    } catch (IOException e) {
      throw TransportErrors.of(method, uri, e);
    }
  }

  private static void closeQuietly(HttpResponse<?> response) {
    if (response.body() instanceof InputStream in) {
      try {
        in.close();
      } catch (IOException e) {
        // nothing to do: the connection is dropped
      }
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equals(b.getScheme()) && a.getAuthority().equals(b.getAuthority());
  }
}
