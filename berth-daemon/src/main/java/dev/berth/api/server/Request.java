package dev.berth.api.server;

import dev.berth.model.Filters;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * An API request as routes see it: no Netty types. Parsing failures throw
 * {@link dev.berth.engine.error.InvalidArgument} with dockerd's text (a 400, never a 500).
 */
public interface Request {
  String method();

  /** The API version the client asked for (from the path), or the daemon's default. */
  String apiVersion();

  /** A path placeholder's value, URL-decoded. */
  String path(String name);

  Optional<String> query(String name);

  List<String> queryAll(String name);

  /** dockerd's boolean rule: absent → {@code fallback}; "", 0, no, false, none → false; else true. */
  boolean bool(String name, boolean fallback);

  /** An integer parameter; absent → {@code fallback}; malformed → InvalidArgument. */
  long integer(String name, long fallback);

  Optional<String> header(String name);

  /** The request target as sent (path and query), for audit and authorization plugins. */
  default String uri() {
    return "";
  }

  /** Every request header (the last value of a repeated one), for authorization plugins. */
  default java.util.Map<String, String> headers() {
    return java.util.Map.of();
  }

  /** The {@code filters} parameter in either JSON shape (map or legacy list); empty when absent. */
  Filters filters();

  /** The JSON body decoded as {@code type}; null when the body is empty. Malformed → 400 "invalid JSON: …". */
  <T> T json(Class<T> type);

  /** The raw body as a stream (chunked uploads: load, import, archive PUT, build). Closed by the server. */
  InputStream body();

  /**
   * Completes when the client closes the connection while the route still runs (moby's request
   * context cancellation): long waits such as {@code /wait} or {@code /events} stop waiting then.
   * Not completed for a hijacked connection (its input stream ends instead).
   */
  default java.util.concurrent.CompletionStage<Void> disconnected() {
    return new java.util.concurrent.CompletableFuture<>();
  }

  /** Peer credentials when known (unix socket), for audit and authorization. */
  Optional<Peer> peer();

  record Peer(int uid, int gid, int pid) {}
}
