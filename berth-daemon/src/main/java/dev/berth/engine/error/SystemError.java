package dev.berth.engine.error;

/** See {@link EngineException}. */
public final class SystemError extends EngineException {
  public SystemError(String message) {
    super(message);
  }

  public SystemError(String message, Throwable cause) {
    super(message, cause);
  }
}
