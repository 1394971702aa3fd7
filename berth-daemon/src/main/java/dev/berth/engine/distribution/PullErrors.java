package dev.berth.engine.distribution;

import dev.berth.engine.image.Reference;
import dev.berth.engine.error.EngineException;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;

/** Registry errors met while pulling, in dockerd's words (moby distribution/errors.go). */
final class PullErrors {
  private PullErrors() {}

  static EngineException translate(RegistryError e, Reference ref) {
    return switch (e.code()) {
      case "MANIFEST_UNKNOWN", "NOT_FOUND" -> new NotFound("manifest for " + ref.familiar() + " not found: "
          + (e.code().equals("NOT_FOUND") ? "manifest unknown: manifest unknown" : e.getMessage()), e);
      case "NAME_UNKNOWN" -> new NotFound("repository " + ref.familiarName() + " not found: " + e.getMessage(), e);
      case "DENIED" -> new NotFound("pull access denied for " + ref.familiarName()
          + ", repository does not exist or may require 'docker login': " + e.getMessage(), e);
      default -> new SystemError(e.getMessage(), e);
    };
  }

  /**
   * moby {@code continueOnError}: whether a pull that failed on one endpoint goes on to the next.
   * An error the registry stated ({@link RegistryError#errcode}: manifest unknown, denied, …) does
   * so only from a mirror, which may just not have the image; any other failure (transport, a bare
   * HTTP status, a verification error) does so from every endpoint. A cancelled pull never does.
   */
  static boolean continueOnError(Throwable e, boolean mirror) {
    if (Thread.currentThread().isInterrupted()) return false;
    for (var t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.InterruptedIOException || t instanceof InterruptedException) return false;
    }
    if (e instanceof RegistryError r && r.errcode()) return mirror;
    return e.getMessage() == null || !e.getMessage().contains("no such process");
  }
}
