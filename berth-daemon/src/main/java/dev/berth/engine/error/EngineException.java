package dev.berth.engine.error;

/**
 * A failure with a kind that the API maps to a status. Services throw these with dockerd's exact
 * message text; only {@code api.error.ErrorMapper} turns a kind into an HTTP status.
 */
public abstract sealed class EngineException extends RuntimeException
    permits NotFound, Conflict, InvalidArgument, NotModified, Forbidden, Unauthorized,
        Unavailable, NotImplemented, SystemError {

  protected EngineException(String message) {
    super(message, null, false, false);
  }

  protected EngineException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
