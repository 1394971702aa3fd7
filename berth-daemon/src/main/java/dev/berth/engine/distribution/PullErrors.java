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
}
