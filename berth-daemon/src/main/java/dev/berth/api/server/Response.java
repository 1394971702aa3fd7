package dev.berth.api.server;

import java.io.OutputStream;

/**
 * The reply side of a request. Exactly one of the terminal methods is called once. Status codes for
 * success are named by intent here; failures are thrown, not written.
 */
public interface Response {
  /** Adds a header to the reply (before a terminal method). */
  Response header(String name, String value);

  /** 200 with a JSON body. */
  void ok(Object body);

  /** 201 with a JSON body. */
  void created(Object body);

  /** 204, no body. */
  void noContent();

  /** 200 with a plain-text body. */
  void text(String body);

  /** 200 with no body but the headers set so far (HEAD replies). */
  void empty();

  /**
   * 200 with a chunked body of {@code contentType}; the headers are flushed at once (wait, events
   * and logs rely on that). Each {@code flush()} sends what was written. Closing ends the reply.
   * Writes block while the client is slow (backpressure); a gone client makes writes throw
   * {@link java.io.IOException}. The stream buffers and is not thread-safe: one writer at a time.
   */
  OutputStream stream(String contentType);

  /**
   * Takes over the connection for a bidirectional raw stream (attach, exec start). Sends
   * {@code 101 UPGRADED} alone and flushed when the client asked for an upgrade, else
   * {@code 200} with no length. The caller closes the returned stream when the process is done.
   */
  Hijacked hijack(String contentType);
}
