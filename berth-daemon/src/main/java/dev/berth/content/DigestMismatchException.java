package dev.berth.content;

import java.io.IOException;

/** Written content did not hash to the digest it was announced under; nothing was stored. */
public final class DigestMismatchException extends IOException {
  public DigestMismatchException(Digest expected, Digest actual) {
    super("digest mismatch: expected " + expected + ", got " + actual);
  }
}
