package dev.berth.engine.error;

/** See {@link EngineException}. */
public final class NotImplemented extends EngineException {
  public NotImplemented(String message) {
    super(message);
  }

  public NotImplemented(String message, Throwable cause) {
    super(message, cause);
  }
}
