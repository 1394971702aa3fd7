package dev.berth.engine.error;

/** See {@link EngineException}. */
public final class InvalidArgument extends EngineException {
  public InvalidArgument(String message) {
    super(message);
  }

  public InvalidArgument(String message, Throwable cause) {
    super(message, cause);
  }
}
