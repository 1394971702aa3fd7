package dev.berth.engine.error;

/** See {@link EngineException}. */
public final class Forbidden extends EngineException {
  public Forbidden(String message) {
    super(message);
  }

  public Forbidden(String message, Throwable cause) {
    super(message, cause);
  }
}
