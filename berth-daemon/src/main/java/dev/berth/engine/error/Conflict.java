package dev.berth.engine.error;

/** See {@link EngineException}. */
public final class Conflict extends EngineException {
  public Conflict(String message) {
    super(message);
  }

  public Conflict(String message, Throwable cause) {
    super(message, cause);
  }
}
