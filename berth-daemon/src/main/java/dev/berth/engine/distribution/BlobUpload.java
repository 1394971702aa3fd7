package dev.berth.engine.distribution;

import dev.berth.engine.error.SystemError;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Puts blobs into a repository: cross-repository mount when a source repository is known, else an
 * upload session — one {@code PUT} for blobs up to {@code chunkSize}, else {@code PATCH} chunks then
 * the closing {@code PUT ?digest=}. The registry verifies the digest.
 */
final class BlobUpload {
  private final RegistrySession session;
  private final long chunkSize;

  BlobUpload(RegistrySession session, long chunkSize) {
    this.session = session;
    this.chunkSize = chunkSize;
  }

  /**
   * Tries to mount {@code digest} from {@code fromRepository} (same registry).
   *
   * @return true when the registry mounted it (201)
   */
  boolean mount(String digest, String fromRepository) throws IOException {
    var uri = session.uri("/v2/" + session.repository() + "/blobs/uploads/?mount=" + digest + "&from=" + fromRepository);
    var response = session.exchange("POST", uri, b -> {}, BodyPublishers::noBody, BodyHandlers.ofByteArray());
    if (response.statusCode() == 201) {
      return true;
    }
    if (response.statusCode() == 202) {
      cancel(location(response, uri));
      return false;
    }
    throw RegistryError.from(response.statusCode(), response.body());
  }

  /**
   * Uploads {@code size} bytes that {@code content} yields, reporting bytes sent so far.
   *
   * @param content opens the content; called once
   */
  void upload(String digest, long size, Supplier<InputStream> content, LongConsumer progress) throws IOException {
    var start = session.uri("/v2/" + session.repository() + "/blobs/uploads/");
    var started = session.exchange("POST", start, b -> {}, BodyPublishers::noBody, BodyHandlers.ofByteArray());
    if (started.statusCode() != 202) {
      throw RegistryError.from(started.statusCode(), started.body());
    }
    var location = location(started, start);
    try (var in = content.get()) {
      if (size <= chunkSize) {
        var counted = new CountingInputStream(in, progress);
        var put = session.exchange("PUT", withDigest(location, digest),
            b -> b.header("Content-Type", "application/octet-stream"),
            () -> BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> counted), size),
            BodyHandlers.ofByteArray());
        check(put, 201);
        return;
      }
      long sent = 0;
      while (sent < size) {
        long length = Math.min(chunkSize, size - sent);
        var chunk = in.readNBytes((int) length);
        if (chunk.length != length) {
          throw new SystemError("blob " + digest + " is shorter than its size " + size);
        }
        long from = sent;
        var patch = session.exchange("PATCH", location,
            b -> b.header("Content-Type", "application/octet-stream")
                .header("Content-Range", from + "-" + (from + length - 1)),
            () -> BodyPublishers.ofByteArray(chunk), BodyHandlers.ofByteArray());
        check(patch, 202);
        location = location(patch, location);
        sent += length;
        progress.accept(sent);
      }
      var put = session.exchange("PUT", withDigest(location, digest), b -> {}, BodyPublishers::noBody, BodyHandlers.ofByteArray());
      check(put, 201);
    }
  }

  private void cancel(URI location) {
    try {
      session.exchange("DELETE", location, b -> {}, BodyPublishers::noBody, BodyHandlers.discarding());
    } catch (IOException | RuntimeException e) {
      // the registry expires abandoned upload sessions itself
    }
  }

  private static void check(HttpResponse<byte[]> response, int expected) {
    if (response.statusCode() != expected && response.statusCode() / 100 != 2) {
      throw RegistryError.from(response.statusCode(), response.body());
    }
  }

  private static URI location(HttpResponse<?> response, URI base) {
    var location = response.headers().firstValue("Location")
        .orElseThrow(() -> new SystemError("registry sent no upload Location for " + base));
    return base.resolve(location);
  }

  private static URI withDigest(URI location, String digest) {
    var text = location.toString();
    return URI.create(text + (location.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
  }
}
