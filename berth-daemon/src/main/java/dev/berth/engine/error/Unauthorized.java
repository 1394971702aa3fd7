package dev.berth.engine.error;

/** See {@link EngineException}. */
public final class Unauthorized extends EngineException {
  public Unauthorized(String message) {
    super(message);
  }

  public Unauthorized(String message, Throwable cause) {
    super(message, cause);
  }
}
