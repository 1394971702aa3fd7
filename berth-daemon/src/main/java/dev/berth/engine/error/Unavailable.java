package dev.berth.engine.error;

/** See {@link EngineException}. */
public final class Unavailable extends EngineException {
  public Unavailable(String message) {
    super(message);
  }

  public Unavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
