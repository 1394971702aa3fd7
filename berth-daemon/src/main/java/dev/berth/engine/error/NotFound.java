package dev.berth.engine.error;

/** See {@link EngineException}. */
public final class NotFound extends EngineException {
  public NotFound(String message) {
    super(message);
  }

  public NotFound(String message, Throwable cause) {
    super(message, cause);
  }

  public static NotFound container(String ref) {
    return new NotFound("No such container: " + ref);
  }

  public static NotFound image(String ref) {
    return new NotFound("No such image: " + ref);
  }

  public static NotFound exec(String id) {
    return new NotFound("No such exec instance: " + id);
  }
}
